import {
  CONTEXT,
  DerError,
  type DerElement,
  TAG,
  UNIVERSAL,
  derChildren,
  derElement,
  derExpect,
  derOid,
  derSmallInt,
  derString,
  derTime,
} from '../core/der.js';
import { addExpert, expertTable } from '../core/expert-info.js';
import { fieldTable } from '../core/fields.js';
import type { PacketInfo } from '../core/packet-info.js';
import type { ProtoTree } from '../core/tree.js';
import { BoundsError, type Tvb } from '../core/tvb.js';

/**
 * X.509 certificates (RFC 5280) as TLS carries them, with TShark 4.0's field names and tree:
 * the to-be-signed part (version, serial number, signature algorithm, issuer, validity,
 * subject, public key, extensions: key identifiers, basic constraints, key usage, extended key
 * usage, subject alternative names), then the signature. Attribute values and extensions
 * TShark decodes with a protocol of their own put it on the frame's stack, as TShark's do
 * (x509sat per name attribute, x509ce per certificate extension).
 *
 * A certificate that breaks DER is shown up to the element at fault, with a note; it never
 * makes the TLS record malformed.
 */
const AF = fieldTable.register('x509af', 'X.509 Authentication Framework', [
  { abbrev: 'x509af.signedCertificate_element', name: 'signedCertificate', type: 'none' },
  { abbrev: 'x509af.version', name: 'version', type: 'int', bits: 32, strings: { 0: 'v1', 1: 'v2', 2: 'v3' } },
  { abbrev: 'x509af.serialNumber', name: 'serialNumber', type: 'bytes' },
  { abbrev: 'x509af.signature_element', name: 'signature', type: 'none' },
  { abbrev: 'x509af.algorithm.id', name: 'Algorithm Id', type: 'string' },
  { abbrev: 'x509af.issuer', name: 'issuer', type: 'uint', bits: 32 },
  { abbrev: 'x509af.validity_element', name: 'validity', type: 'none' },
  { abbrev: 'x509af.notBefore', name: 'notBefore', type: 'uint', bits: 32 },
  { abbrev: 'x509af.notAfter', name: 'notAfter', type: 'uint', bits: 32 },
  { abbrev: 'x509af.utcTime', name: 'utcTime', type: 'string' },
  { abbrev: 'x509af.subject', name: 'subject', type: 'uint', bits: 32 },
  { abbrev: 'x509af.subjectPublicKeyInfo_element', name: 'subjectPublicKeyInfo', type: 'none' },
  { abbrev: 'x509af.algorithm_element', name: 'algorithm', type: 'none' },
  { abbrev: 'x509af.subjectPublicKey', name: 'subjectPublicKey', type: 'bytes' },
  { abbrev: 'x509af.extensions', name: 'extensions', type: 'uint', bits: 32 },
  { abbrev: 'x509af.Extension_element', name: 'Extension', type: 'none' },
  { abbrev: 'x509af.extension.id', name: 'Extension Id', type: 'string' },
  { abbrev: 'x509af.critical', name: 'critical', type: 'bool' },
  { abbrev: 'x509af.algorithmIdentifier_element', name: 'algorithmIdentifier', type: 'none' },
  { abbrev: 'x509af.encrypted', name: 'encrypted', type: 'bytes' },
]);
const IF = fieldTable.register('x509if', 'X.509 Information Framework', [
  { abbrev: 'x509if.rdnSequence', name: 'rdnSequence', type: 'uint', bits: 32 },
  { abbrev: 'x509if.RDNSequence_item', name: 'RDNSequence item', type: 'uint', bits: 32 },
  { abbrev: 'x509if.RelativeDistinguishedName_item_element', name: 'RelativeDistinguishedName item', type: 'none' },
  { abbrev: 'x509if.oid', name: 'Object Id', type: 'string' },
]);
const SAT = fieldTable.register('x509sat', 'X.509 Selected Attribute Types', [
  { abbrev: 'x509sat.DirectoryString', name: 'DirectoryString', type: 'uint', bits: 32 },
  { abbrev: 'x509sat.uTF8String', name: 'uTF8String', type: 'string' },
  { abbrev: 'x509sat.printableString', name: 'printableString', type: 'string' },
  { abbrev: 'x509sat.teletexString', name: 'teletexString', type: 'string' },
  { abbrev: 'x509sat.bmpString', name: 'bmpString', type: 'string' },
  { abbrev: 'x509sat.universalString', name: 'universalString', type: 'string' },
  { abbrev: 'x509sat.IA5String', name: 'IA5String', type: 'string' },
]);
const CE = fieldTable.register('x509ce', 'X.509 Certificate Extensions', [
  { abbrev: 'x509ce.SubjectKeyIdentifier', name: 'SubjectKeyIdentifier', type: 'bytes' },
  { abbrev: 'x509ce.AuthorityKeyIdentifier_element', name: 'AuthorityKeyIdentifier', type: 'none' },
  { abbrev: 'x509ce.keyIdentifier', name: 'keyIdentifier', type: 'bytes' },
  { abbrev: 'x509ce.BasicConstraintsSyntax_element', name: 'BasicConstraintsSyntax', type: 'none' },
  { abbrev: 'x509ce.cA', name: 'cA', type: 'bool' },
  { abbrev: 'x509ce.pathLenConstraint', name: 'pathLenConstraint', type: 'uint', bits: 64 },
  { abbrev: 'x509ce.KeyUsage', name: 'KeyUsage', type: 'bytes' },
  { abbrev: 'x509ce.KeyPurposeId', name: 'KeyPurposeId', type: 'string' },
  { abbrev: 'x509ce.GeneralNames', name: 'GeneralNames', type: 'uint', bits: 32 },
  { abbrev: 'x509ce.GeneralName', name: 'GeneralName', type: 'uint', bits: 32 },
  { abbrev: 'x509ce.rfc822Name', name: 'rfc822Name', type: 'string' },
  { abbrev: 'x509ce.dNSName', name: 'dNSName', type: 'string' },
  { abbrev: 'x509ce.uniformResourceIdentifier', name: 'uniformResourceIdentifier', type: 'string' },
  // TShark registers iPAddress but shows an address as one of these two (none for another length).
  { abbrev: 'x509ce.iPAddress', name: 'iPAddress', type: 'bytes' },
  { abbrev: 'x509ce.IPAddress.ipv4', name: 'iPAddress', type: 'ipv4' },
  { abbrev: 'x509ce.IPAddress.ipv6', name: 'iPAddress', type: 'ipv6' },
]);
const PKCS1 = fieldTable.register('pkcs1', 'PKCS#1', [
  { abbrev: 'pkcs1.modulus', name: 'modulus', type: 'bytes' },
  { abbrev: 'pkcs1.publicExponent', name: 'publicExponent', type: 'int', bits: 32 },
  {
    abbrev: 'pkcs1.ECParameters',
    name: 'ECParameters',
    type: 'uint',
    bits: 32,
    strings: { 0: 'ecParameters', 1: 'namedCurve', 2: 'implicitlyCA' },
  },
  { abbrev: 'pkcs1.namedCurve', name: 'namedCurve', type: 'string' },
]);
const EI = expertTable('x509af', 'X.509', [
  { name: 'x509af.malformed', severity: 'warn', group: 'malformed', summary: 'Malformed certificate' },
]);
const af = AF.f;
const xif = IF.f;
const sat = SAT.f;
const ce = CE.f;

/** Names of the object identifiers certificates commonly carry (TShark's OID names). */
const OID_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'id-at-commonName',
  '2.5.4.4': 'id-at-surname',
  '2.5.4.5': 'id-at-serialNumber',
  '2.5.4.6': 'id-at-countryName',
  '2.5.4.7': 'id-at-localityName',
  '2.5.4.8': 'id-at-stateOrProvinceName',
  '2.5.4.9': 'id-at-streetAddress',
  '2.5.4.10': 'id-at-organizationName',
  '2.5.4.11': 'id-at-organizationalUnitName',
  '2.5.4.12': 'id-at-title',
  '2.5.4.17': 'id-at-postalCode',
  '2.5.4.42': 'id-at-givenName',
  '1.2.840.113549.1.9.1': 'pkcs-9-at-emailAddress',
  '0.9.2342.19200300.100.1.25': 'id-domainComponent',
  '2.5.29.14': 'id-ce-subjectKeyIdentifier',
  '2.5.29.15': 'id-ce-keyUsage',
  '2.5.29.17': 'id-ce-subjectAltName',
  '2.5.29.18': 'id-ce-issuerAltName',
  '2.5.29.19': 'id-ce-basicConstraints',
  '2.5.29.31': 'id-ce-cRLDistributionPoints',
  '2.5.29.32': 'id-ce-certificatePolicies',
  '2.5.29.35': 'id-ce-authorityKeyIdentifier',
  '2.5.29.37': 'id-ce-extKeyUsage',
  '1.3.6.1.5.5.7.1.1': 'id-pe-authorityInfoAccess',
  '1.3.6.1.4.1.11129.2.4.2': 'SignedCertificateTimestampList',
  '1.3.6.1.5.5.7.3.1': 'id-kp-serverAuth',
  '1.3.6.1.5.5.7.3.2': 'id-kp-clientAuth',
  '1.2.840.113549.1.1.1': 'rsaEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'id-RSASSA-PSS',
  '1.2.840.10045.2.1': 'id-ecPublicKey',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10045.3.1.7': 'secp256r1',
  '1.3.132.0.34': 'secp384r1',
  '1.3.132.0.35': 'secp521r1',
  '1.3.101.112': 'id-Ed25519',
  '1.3.101.113': 'id-Ed448',
};

const oidText = (oid: string): string => (OID_NAMES[oid] === undefined ? oid : `${oid} (${OID_NAMES[oid]})`);
const oidName = (oid: string): string => OID_NAMES[oid] ?? oid;
/** TShark's count of a SEQUENCE OF: "1 item", "4 items". */
const items = (n: number): string => `${n} item${n === 1 ? '' : 's'}`;

/** DirectoryString's alternatives, by universal tag: TShark's choice number and field. */
const DIRECTORY_STRING: Readonly<Record<number, [number, string, keyof typeof sat]>> = {
  [TAG.teletexString]: [0, 'teletexString', 'teletexString'],
  [TAG.printableString]: [1, 'printableString', 'printableString'],
  [TAG.universalString]: [2, 'universalString', 'universalString'],
  [TAG.bmpString]: [3, 'bmpString', 'bmpString'],
  [TAG.utf8String]: [4, 'uTF8String', 'uTF8String'],
};

const hexOf = (tvb: Tvb, e: DerElement): string => {
  let s = '';
  for (let p = e.at; p < e.end; p++) s += tvb.u8(p).toString(16).padStart(2, '0');
  return s;
};

/** Each certificate decode collects the protocols its values were decoded by, pushed on the stack after it. */
interface Ctx {
  tvb: Tvb;
  tree: ProtoTree;
  layers: string[];
}

const EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/**
 * id-ecPublicKey's parameters (RFC 5480 2.1.1), under the algorithm node, by PKCS#1's decoder
 * as in TShark (a `pkcs-1` layer): the choice, and a named curve's OID. A specified curve
 * (ecParameters) shows its choice only.
 */
function ecParameters(c: Ctx, parent: number, alg: DerElement): void {
  const { tvb, tree } = c;
  const params = derChildren(tvb, alg)[1];
  if (params === undefined) return;
  const choice = params.tag === TAG.oid ? 1 : params.tag === TAG.null ? 2 : 0;
  const node = tree.add(parent, PKCS1.f.ECParameters, tvb, params.start, params.end - params.start, choice);
  if (choice === 1) {
    const curve = derOid(tvb, params);
    tree.add(node, PKCS1.f.namedCurve, tvb, params.start, params.end - params.start, curve, `namedCurve: ${oidText(curve)}`);
  }
  c.layers.push('pkcs-1');
}

function algorithm(c: Ctx, parent: number, e: DerElement, field: (typeof af)['signature_element']): string {
  const oidEl = derExpect(c.tvb, e.at, e.end, UNIVERSAL, TAG.oid, 'an algorithm identifier');
  const oid = derOid(c.tvb, oidEl);
  const node = c.tree.add(parent, field, c.tvb, e.start, e.end - e.start, undefined, `${field.name} (${oidName(oid)})`);
  c.tree.add(node, af['algorithm.id'], c.tvb, oidEl.start, oidEl.end - oidEl.start, oid, `Algorithm Id: ${oidText(oid)}`);
  if (oid === EC_PUBLIC_KEY) ecParameters(c, node, e);
  return oid;
}

/** A Name (issuer, subject): its RDN sequence; returns "type=value,…" as TShark prints it. */
function name(c: Ctx, parent: number, e: DerElement, field: (typeof af)['issuer']): string {
  const { tvb, tree } = c;
  const rdns = derChildren(tvb, e);
  const parts: string[] = [];
  const node = tree.add(parent, field, tvb, e.start, e.end - e.start, 0);
  const seq = tree.add(node, xif.rdnSequence, tvb, e.start, e.end - e.start, rdns.length);
  for (const rdn of rdns) {
    const attrs = derChildren(tvb, rdn);
    const item = tree.add(seq, xif.RDNSequence_item, tvb, rdn.start, rdn.end - rdn.start, attrs.length);
    const own: string[] = [];
    for (const a of attrs) {
      const [typeEl, valueEl] = derChildren(tvb, a);
      if (typeEl === undefined || valueEl === undefined) throw new DerError(a.start, 'an attribute without type and value');
      const oid = derOid(tvb, typeEl);
      const value = derString(tvb, valueEl);
      const shown = `${oidName(oid)}=${value}`;
      own.push(shown);
      const an = tree.add(
        item,
        xif.RelativeDistinguishedName_item_element,
        tvb,
        a.start,
        a.end - a.start,
        undefined,
        `RelativeDistinguishedName item (${shown})`,
      );
      tree.add(an, xif.oid, tvb, typeEl.start, typeEl.end - typeEl.start, oid, `Object Id: ${oidText(oid)}`);
      const choice = DIRECTORY_STRING[valueEl.tag];
      if (oid.startsWith('2.5.4.') && choice !== undefined && valueEl.cls === UNIVERSAL) {
        c.layers.push('x509sat');
        const ds = tree.add(
          an,
          sat.DirectoryString,
          tvb,
          valueEl.start,
          valueEl.end - valueEl.start,
          choice[0],
          `DirectoryString: ${choice[1]} (${choice[0]})`,
        );
        tree.add(ds, sat[choice[2]], tvb, valueEl.at, valueEl.end - valueEl.at, value);
      } else tree.add(an, sat.IA5String, tvb, valueEl.at, valueEl.end - valueEl.at, value);
    }
    tree.setText(item, `RDNSequence item: ${items(attrs.length)} (${own.join(',')})`);
    parts.push(...own);
  }
  const text = parts.join(',');
  tree.setText(seq, `rdnSequence: ${items(rdns.length)} (${text})`);
  tree.setText(node, `${field.name}: rdnSequence (0)`);
  return text;
}

function time(c: Ctx, parent: number, e: DerElement, field: (typeof af)['notBefore']): void {
  const utc = e.tag === TAG.utcTime;
  const node = c.tree.add(
    parent,
    field,
    c.tvb,
    e.start,
    e.end - e.start,
    utc ? 0 : 1,
    `${field.name}: ${utc ? 'utcTime (0)' : 'generalTime (1)'}`,
  );
  c.tree.add(node, af.utcTime, c.tvb, e.at, e.end - e.at, derTime(c.tvb, e), `${utc ? 'utcTime' : 'generalTime'}: ${derTime(c.tvb, e)}`);
}

/** GeneralNames (subjectAltName): each name's choice. */
function generalNames(c: Ctx, parent: number, e: DerElement): void {
  const { tvb, tree } = c;
  const names = derChildren(tvb, e);
  const node = tree.add(parent, ce.GeneralNames, tvb, e.start, e.end - e.start, names.length, `GeneralNames: ${items(names.length)}`);
  const CHOICES: Record<number, [string, (typeof ce)['dNSName'] | undefined]> = {
    1: ['rfc822Name', ce.rfc822Name],
    2: ['dNSName', ce.dNSName],
    6: ['uniformResourceIdentifier', ce.uniformResourceIdentifier],
    7: ['iPAddress', ce['IPAddress.ipv4']],
  };
  for (const n of names) {
    const [label, field] = CHOICES[n.tag] ?? ['otherName', undefined];
    const g = tree.add(node, ce.GeneralName, tvb, n.start, n.end - n.start, n.tag, `GeneralName: ${label} (${n.tag})`);
    if (field === undefined) continue;
    if (n.tag === 7) {
      // An IPv4 or IPv6 address by its length; other lengths show the choice alone, as in TShark.
      const len = n.end - n.at;
      if (len === 4) tree.add(g, ce['IPAddress.ipv4'], tvb, n.at, 4, tvb.u32(n.at));
      else if (len === 16) tree.add(g, ce['IPAddress.ipv6'], tvb, n.at, 16, tvb.view(n.at, 16));
    } else tree.add(g, field, tvb, n.at, n.end - n.at, tvb.ascii(n.at, n.end - n.at));
  }
}

/** One extension's value, for the ones decoded; returns whether it was. */
function extensionValue(c: Ctx, parent: number, oid: string, v: Tvb, e: DerElement): boolean {
  const { tree } = c;
  switch (oid) {
    case '2.5.29.14':
      tree.add(parent, ce.SubjectKeyIdentifier, v, e.at, e.end - e.at, v.view(e.at, e.end - e.at));
      return true;
    case '2.5.29.35': {
      const node = tree.add(parent, ce.AuthorityKeyIdentifier_element, v, e.start, e.end - e.start);
      for (const k of derChildren(v, e))
        if (k.cls === CONTEXT && k.tag === 0) tree.add(node, ce.keyIdentifier, v, k.at, k.end - k.at, v.view(k.at, k.end - k.at));
      return true;
    }
    case '2.5.29.19': {
      const node = tree.add(parent, ce.BasicConstraintsSyntax_element, v, e.start, e.end - e.start);
      for (const k of derChildren(v, e)) {
        if (k.tag === TAG.boolean)
          tree.add(node, ce.cA, v, k.at, k.end - k.at, v.u8(k.at) !== 0, `cA: ${v.u8(k.at) !== 0 ? 'True' : 'False'}`);
        else if (k.tag === TAG.integer) tree.add(node, ce.pathLenConstraint, v, k.at, k.end - k.at, derSmallInt(v, k) ?? 0);
      }
      return true;
    }
    case '2.5.29.15':
      tree.add(parent, ce.KeyUsage, v, e.at, e.end - e.at, v.view(e.at, e.end - e.at));
      return true;
    case '2.5.29.37': {
      for (const k of derChildren(v, e)) {
        const id = derOid(v, k);
        tree.add(parent, ce.KeyPurposeId, v, k.start, k.end - k.start, id, `KeyPurposeId: ${oidText(id)}`);
      }
      return true;
    }
    case '2.5.29.17':
    case '2.5.29.18':
      generalNames(c, parent, e);
      return true;
    default:
      return oid.startsWith('2.5.29.');
  }
}

function extensions(c: Ctx, parent: number, wrapper: DerElement): void {
  const { tvb, tree } = c;
  const seq = derExpect(tvb, wrapper.at, wrapper.end, UNIVERSAL, TAG.sequence, 'the extensions');
  const list = derChildren(tvb, seq);
  const node = tree.add(
    parent,
    af.extensions,
    tvb,
    wrapper.start,
    wrapper.end - wrapper.start,
    list.length,
    `extensions: ${items(list.length)}`,
  );
  for (const x of list) {
    const parts = derChildren(tvb, x);
    const idEl = parts[0];
    if (idEl === undefined || idEl.tag !== TAG.oid) throw new DerError(x.start, 'an extension without its identifier');
    const oid = derOid(tvb, idEl);
    const ext = tree.add(node, af.Extension_element, tvb, x.start, x.end - x.start, undefined, `Extension (${oidName(oid)})`);
    tree.add(ext, af['extension.id'], tvb, idEl.start, idEl.end - idEl.start, oid, `Extension Id: ${oidText(oid)}`);
    let k = 1;
    if (parts[k]?.tag === TAG.boolean) {
      const crit = tvb.u8(parts[k]!.at) !== 0;
      tree.add(ext, af.critical, tvb, parts[k]!.at, 1, crit, `critical: ${crit ? 'True' : 'False'}`);
      k++;
    }
    const octets = parts[k];
    if (octets === undefined || octets.tag !== TAG.octetString) throw new DerError(x.start, 'an extension without its value');
    if (octets.end === octets.at) continue;
    const inner = derElement(tvb, octets.at, octets.end);
    if (extensionValue(c, ext, oid, tvb, inner)) c.layers.push(oid === '1.3.6.1.5.5.7.1.1' ? 'pkix1implicit' : 'x509ce');
    else if (oid === '1.3.6.1.5.5.7.1.1') c.layers.push('pkix1implicit');
  }
}

function publicKey(c: Ctx, parent: number, e: DerElement): void {
  const { tvb, tree } = c;
  const node = tree.add(parent, af.subjectPublicKeyInfo_element, tvb, e.start, e.end - e.start);
  const [alg, key] = derChildren(tvb, e);
  if (alg === undefined || key === undefined) throw new DerError(e.start, 'a public key without algorithm and key');
  const oid = algorithm(c, node, alg, af.algorithm_element);
  // A BIT STRING: the first content byte counts unused bits.
  const bits = tvb.view(key.at + 1, key.end - key.at - 1);
  const keyNode = tree.add(node, af.subjectPublicKey, tvb, key.at + 1, key.end - key.at - 1, bits);
  if (oid !== '1.2.840.113549.1.1.1') return;
  const rsa = derElement(tvb, key.at + 1, key.end);
  const [mod, exp] = derChildren(tvb, rsa);
  if (mod !== undefined)
    tree.add(keyNode, PKCS1.f.modulus, tvb, mod.at, mod.end - mod.at, tvb.view(mod.at, mod.end - mod.at), `modulus: 0x${hexOf(tvb, mod)}`);
  if (exp !== undefined) tree.add(keyNode, PKCS1.f.publicExponent, tvb, exp.at, exp.end - exp.at, derSmallInt(tvb, exp) ?? 0);
}

/** The to-be-signed certificate; returns the subject's text. */
function tbs(c: Ctx, parent: number, e: DerElement): string {
  const { tvb, tree } = c;
  const node = tree.add(parent, af.signedCertificate_element, tvb, e.start, e.end - e.start);
  const parts = derChildren(tvb, e);
  let i = 0;
  if (parts[i]?.cls === CONTEXT && parts[i]!.tag === 0) {
    const v = derExpect(tvb, parts[i]!.at, parts[i]!.end, UNIVERSAL, TAG.integer, 'the version');
    const n = derSmallInt(tvb, v) ?? 0;
    tree.add(node, af.version, tvb, v.at, v.end - v.at, n, `version: v${n + 1} (${n})`);
    i++;
  }
  const serial = parts[i++];
  if (serial?.tag !== TAG.integer) throw new DerError(e.start, 'no serial number');
  tree.add(
    node,
    af.serialNumber,
    tvb,
    serial.at,
    serial.end - serial.at,
    tvb.view(serial.at, serial.end - serial.at),
    `serialNumber: 0x${hexOf(tvb, serial)}`,
  );
  const sig = parts[i++];
  if (sig === undefined) throw new DerError(e.start, 'no signature algorithm');
  algorithm(c, node, sig, af.signature_element);
  const issuer = parts[i++];
  if (issuer === undefined) throw new DerError(e.start, 'no issuer');
  name(c, node, issuer, af.issuer);
  const validity = parts[i++];
  if (validity === undefined) throw new DerError(e.start, 'no validity');
  const vNode = tree.add(node, af.validity_element, tvb, validity.start, validity.end - validity.start);
  const [nb, na] = derChildren(tvb, validity);
  if (nb !== undefined) time(c, vNode, nb, af.notBefore);
  if (na !== undefined) time(c, vNode, na, af.notAfter);
  const subject = parts[i++];
  if (subject === undefined) throw new DerError(e.start, 'no subject');
  const subjectText = name(c, node, subject, af.subject);
  const spki = parts[i++];
  if (spki !== undefined) publicKey(c, node, spki);
  for (; i < parts.length; i++) if (parts[i]!.cls === CONTEXT && parts[i]!.tag === 3) extensions(c, node, parts[i]!);
  return subjectText;
}

/**
 * One DER certificate in `tvb` at [at, end), under `item` (the TLS certificate's node): its
 * tree, the subject in the item's text, its decoders' protocols on the frame's stack.
 */
export function dissectCertificate(tvb: Tvb, at: number, end: number, pinfo: PacketInfo | undefined, tree: ProtoTree, item: number): void {
  const c: Ctx = { tvb, tree, layers: [] };
  try {
    const cert = derExpect(tvb, at, end, UNIVERSAL, TAG.sequence, 'a certificate');
    const [t, alg, sig] = derChildren(tvb, cert);
    if (t === undefined) throw new DerError(cert.start, 'an empty certificate');
    const subject = tbs(c, item, t);
    // TShark's label: the first 36 bytes in hex, then the subject.
    const shown = Math.min(36, end - at);
    let hex = '';
    for (let p = at; p < at + shown; p++) hex += tvb.u8(p).toString(16).padStart(2, '0');
    tree.setText(item, `Certificate: ${hex}${end - at > shown ? '…' : ''} (${subject})`);
    if (alg !== undefined) algorithm(c, item, alg, af.algorithmIdentifier_element);
    if (sig !== undefined && sig.tag === TAG.bitString && sig.end > sig.at)
      tree.add(item, af.encrypted, tvb, sig.at + 1, sig.end - sig.at - 1, tvb.view(sig.at + 1, sig.end - sig.at - 1));
  } catch (e) {
    if (!(e instanceof DerError || e instanceof BoundsError)) throw e;
    const offset = e instanceof DerError ? e.offset : e.offset - tvb.base;
    const note = tree.add(
      item,
      af.encrypted,
      tvb,
      Math.max(at, Math.min(offset, end)),
      0,
      undefined,
      `[Malformed certificate: ${e.message}]`,
    );
    addExpert(tree, note, tvb, EI.malformed, `Malformed certificate: ${e.message}`);
  }
  if (pinfo !== undefined) for (const l of c.layers) pinfo.protocols.push(l);
}
