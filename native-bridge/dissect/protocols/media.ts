import type { Dissector } from '../core/dissector.js';
import { beginProtocol, callData } from '../core/dispatch.js';
import { type FieldInfo, fieldTable, textItem } from '../core/fields.js';
import { formatText } from '../core/format.js';
import type { PacketInfo } from '../core/packet-info.js';
import { dissectorTable } from '../core/tables.js';
import type { ProtoTree } from '../core/tree.js';
import type { Tvb } from '../core/tvb.js';

/**
 * Message bodies by media type (the `media_type` table HTTP looks up, key: the type in lower
 * case without parameters), as TShark 4.0 shows them: line-based text, JSON, HTML form data;
 * other types as "Media Type" (octet streams as plain data). The type travels from the caller
 * in `pinfo.data` under MEDIA_TYPE.
 */
export const MEDIA_TYPE = 'media_type';

const mediaTypeOf = (pinfo: PacketInfo): string => (pinfo.data.get(MEDIA_TYPE) as string | undefined) ?? '';

const LF = 0x0a;

const TEXT = fieldTable.register('data-text-lines', 'Line-based text data', []);

/** Line-based text (TShark's data-text-lines): a text item per line, terminator shown. */
const textLines: Dissector = {
  name: 'data-text-lines',
  dissect(tvb, pinfo, tree, parent) {
    const type = mediaTypeOf(pinfo);
    const node = beginProtocol(TEXT, tvb, pinfo, tree, parent);
    pinfo.appendInfo(`(${type})`);
    if (!tree.wants(textItem)) return; // the lines are text items only: a summary skips the body
    const bytes = tvb.bytes;
    let lines = 0;
    for (let at = 0; at < bytes.length; lines++) {
      const lf = bytes.indexOf(LF, at);
      const next = lf < 0 ? bytes.length : lf + 1;
      tree.add(node, textItem, tvb, at, next - at, undefined, formatText(bytes, at, next));
      at = next;
    }
    tree.setText(node, `Line-based text data: ${type} (${lines} lines)`);
  },
};

const TEXT_TYPES = [
  'text/plain',
  'text/richtext',
  'text/enriched',
  'text/parameters',
  'text/html',
  'text/xml-external-parsed-entity',
  'text/css',
  'application/xml-external-parsed-entity',
  'text/javascript',
  'application/x-javascript',
  'application/x-ns-proxy-autoconfig',
  'text/vnd.sun.j2me.app-descriptor',
];
for (const t of TEXT_TYPES) dissectorTable('media_type').add(t, textLines);

const FORM = fieldTable.register('urlencoded-form', 'HTML Form URL Encoded', [
  { abbrev: 'urlencoded-form.key', name: 'Key', type: 'string' },
  { abbrev: 'urlencoded-form.value', name: 'Value', type: 'string' },
]);

/** `%XX` and `+` decoded (bad escapes kept as they are). */
function formDecode(s: string): string {
  const plus = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}

/** HTML form data (application/x-www-form-urlencoded): a form item per `key=value` pair. */
const urlencodedForm: Dissector = {
  name: 'urlencoded-form',
  dissect(tvb, pinfo, tree, parent) {
    const type = mediaTypeOf(pinfo);
    const node = beginProtocol(FORM, tvb, pinfo, tree, parent);
    tree.setText(node, `HTML Form URL Encoded: ${type}`);
    const text = tvb.ascii(0, tvb.length);
    let at = 0;
    for (const pair of text.split('&')) {
      const eq = pair.indexOf('=');
      const key = formDecode(eq < 0 ? pair : pair.slice(0, eq));
      const value = eq < 0 ? '' : formDecode(pair.slice(eq + 1));
      const item = tree.add(node, textItem, tvb, at, pair.length, undefined, `Form item: "${key}" = "${value}"`);
      tree.add(item, FORM.f.key, tvb, at, eq < 0 ? pair.length : eq, key);
      if (eq >= 0) tree.add(item, FORM.f.value, tvb, at + eq + 1, pair.length - eq - 1, value);
      at += pair.length + 1;
    }
    pinfo.appendInfo(`(${type})`);
  },
};
dissectorTable('media_type').add('application/x-www-form-urlencoded', urlencodedForm);

const JSON_FIELDS = fieldTable.register('json', 'JavaScript Object Notation', [
  { abbrev: 'json.object', name: 'Object', type: 'none' },
  { abbrev: 'json.array', name: 'Array', type: 'none' },
  { abbrev: 'json.member', name: 'Member', type: 'none' },
  { abbrev: 'json.key', name: 'Key', type: 'string' },
  { abbrev: 'json.value.string', name: 'String value', type: 'string' },
  { abbrev: 'json.value.number', name: 'Number value', type: 'string' },
  { abbrev: 'json.value.true', name: 'True value', type: 'none' },
  { abbrev: 'json.value.false', name: 'False value', type: 'none' },
  { abbrev: 'json.value.null', name: 'Null value', type: 'none' },
  { abbrev: 'json.path', name: 'Path', type: 'string', generated: true },
  { abbrev: 'json.member_with_value', name: 'Member with value', type: 'string', generated: true },
  { abbrev: 'json.path_with_value', name: 'Path with value', type: 'string', generated: true },
]);
const J = JSON_FIELDS.f;
const JSON_FIELD_LIST: readonly FieldInfo[] = Object.values(J);

/** Nesting deeper than this is shown as an error instead of followed (no stack overflow on hostile input). */
const JSON_MAX_DEPTH = 64;

class JsonError extends Error {}

/** A JSON reader over a body's bytes that adds the tree as it goes (TShark's json tree). */
class JsonTree {
  at = 0;
  constructor(
    readonly tvb: Tvb,
    readonly tree: ProtoTree,
  ) {}

  #ws(): void {
    const b = this.tvb.bytes;
    while (this.at < b.length && (b[this.at] === 0x20 || b[this.at] === 0x0a || b[this.at] === 0x0d || b[this.at] === 0x09)) this.at++;
  }

  #peek(): number {
    this.#ws();
    if (this.at >= this.tvb.length) throw new JsonError('the body ends inside a JSON value');
    return this.tvb.bytes[this.at]!;
  }

  #expect(c: number): void {
    if (this.#peek() !== c) throw new JsonError(`expected '${String.fromCharCode(c)}' at offset ${this.at}`);
    this.at++;
  }

  /** A string token: its text, unescaped. */
  #string(): string {
    this.#expect(0x22);
    const b = this.tvb.bytes;
    const start = this.at;
    while (this.at < b.length && b[this.at] !== 0x22) this.at += b[this.at] === 0x5c ? 2 : 1;
    if (this.at >= b.length) throw new JsonError('a JSON string runs past the end of the body');
    const raw = this.tvb.utf8(start, this.at - start);
    this.at++;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return raw;
    }
  }

  /** One value under `parent` (an object or array with everything in it). */
  value(parent: number, path: string, depth: number): void {
    if (depth > JSON_MAX_DEPTH) throw new JsonError(`JSON nests deeper than ${JSON_MAX_DEPTH} levels`);
    const c = this.#peek();
    const start = this.at;
    const { tree, tvb } = this;
    if (c === 0x7b) {
      const node = tree.add(parent, J.object, tvb, start, 0);
      this.at++;
      if (this.#peek() === 0x7d) this.at++;
      else
        for (;;) {
          const keyAt = this.at;
          const key = this.#string();
          const keyLen = this.at - keyAt;
          this.#expect(0x3a);
          const member = tree.add(node, J.member, tvb, keyAt, 0, undefined, `Member: ${key}`);
          const memberPath = `${path}/${key}`;
          const v = this.#peek();
          if (v === 0x7b || v === 0x5b) this.value(member, memberPath, depth + 1);
          else {
            // TShark puts the path and member "with value" items before a scalar value.
            const sc = this.#scalar();
            tree.add(member, J.path_with_value, tvb, keyAt, 0, `${memberPath}:${sc.text}`);
            tree.add(member, J.member_with_value, tvb, keyAt, 0, `${key}:${sc.text}`);
            this.#addScalar(member, sc);
          }
          tree.setLength(member, this.at - keyAt);
          tree.add(member, J.key, tvb, keyAt + 1, keyLen - 2, key);
          tree.add(member, J.path, tvb, keyAt, 0, memberPath);
          const next = this.#peek();
          this.at++;
          if (next === 0x7d) break;
          if (next !== 0x2c) throw new JsonError(`expected ',' or '}' at offset ${this.at - 1}`);
        }
      tree.setLength(node, this.at - start);
      return;
    }
    if (c === 0x5b) {
      const node = tree.add(parent, J.array, tvb, start, 0);
      this.at++;
      if (this.#peek() === 0x5d) this.at++;
      else
        for (;;) {
          const v = this.#peek();
          if (v === 0x7b || v === 0x5b) this.value(node, `${path}/[]`, depth + 1);
          else {
            // A scalar in an array: TShark's "with value" items, member named "[]".
            const sc = this.#scalar();
            tree.add(node, J.path_with_value, tvb, sc.start, 0, `${path}/[]:${sc.text}`);
            tree.add(node, J.member_with_value, tvb, sc.start, 0, `[]:${sc.text}`);
            this.#addScalar(node, sc);
          }
          const next = this.#peek();
          this.at++;
          if (next === 0x5d) break;
          if (next !== 0x2c) throw new JsonError(`expected ',' or ']' at offset ${this.at - 1}`);
        }
      tree.setLength(node, this.at - start);
      return;
    }
    this.#addScalar(parent, this.#scalar());
  }

  /** A string, number, true, false or null at the reader's place: read, not yet shown. */
  #scalar(): Scalar {
    const c = this.#peek();
    const start = this.at;
    if (c === 0x22) {
      const text = this.#string();
      return { kind: 's', text, start, end: this.at };
    }
    const b = this.tvb.bytes;
    while (this.at < b.length && isWordByte(b[this.at]!)) this.at++;
    const text = this.tvb.ascii(start, this.at - start);
    if (text === 'true' || text === 'false' || text === 'null') return { kind: text[0] as 't' | 'f' | 'n', text, start, end: this.at };
    if (text !== '' && Number.isFinite(Number(text))) return { kind: 'd', text, start, end: this.at };
    throw new JsonError(`not a JSON value at offset ${start}`);
  }

  #addScalar(parent: number, sc: Scalar): void {
    const { tree, tvb } = this;
    const len = sc.end - sc.start;
    if (sc.kind === 's') tree.add(parent, J['value.string'], tvb, sc.start + 1, len - 2, sc.text);
    else if (sc.kind === 'd') tree.add(parent, J['value.number'], tvb, sc.start, len, sc.text);
    else tree.add(parent, sc.kind === 't' ? J['value.true'] : sc.kind === 'f' ? J['value.false'] : J['value.null'], tvb, sc.start, len);
  }
}

interface Scalar {
  /** s string, d number, t/f/n true/false/null */
  kind: 's' | 'd' | 't' | 'f' | 'n';
  text: string;
  start: number;
  end: number;
}

/** Bytes of a number or a literal (true, false, null). */
function isWordByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2d || c === 0x2b || c === 0x2e;
}

const json: Dissector = {
  name: 'json',
  dissect(tvb, pinfo, tree, parent) {
    const type = mediaTypeOf(pinfo);
    const node = beginProtocol(JSON_FIELDS, tvb, pinfo, tree, parent);
    tree.setText(node, `JavaScript Object Notation: ${type}`);
    pinfo.protocol = pinfo.protocol === '' ? 'JSON' : `${pinfo.protocol}/JSON`;
    pinfo.appendInfo(`JavaScript Object Notation (${type})`, ', ');
    // The walk adds JSON's own nodes and text items, nothing a column shows: a summary that
    // keeps none of them skips the body.
    if (!tree.wants(textItem) && !tree.wantsAny(JSON_FIELD_LIST)) return;
    const reader = new JsonTree(tvb, tree);
    try {
      reader.value(node, '', 0);
    } catch (e) {
      if (!(e instanceof JsonError)) throw e;
      tree.add(node, textItem, tvb, Math.min(reader.at, tvb.length), 0, undefined, `[Invalid JSON: ${e.message}]`);
    }
  },
};
for (const t of [
  'application/json',
  'application/json-rpc',
  'application/jsonrequest',
  'application/vnd.api+json',
  'application/problem+json',
])
  dissectorTable('media_type').add(t, json);

/** Octet streams are plain data in TShark (no media type in Info). */
dissectorTable('media_type').add('application/octet-stream', {
  name: 'data',
  dissect: (tvb, pinfo, tree, parent) => callData(tvb, pinfo, tree, parent),
});

const MEDIA = fieldTable.register('media', 'Media Type', [{ abbrev: 'media.type', name: 'Media type', type: 'bytes' }]);

/** A media type no decoder takes (TShark's "media"): its bytes, and the type in Info. */
export const mediaFallback: Dissector = {
  name: 'media',
  dissect(tvb, pinfo, tree, parent) {
    const type = mediaTypeOf(pinfo);
    const node = beginProtocol(MEDIA, tvb, pinfo, tree, parent);
    tree.add(node, MEDIA.f.type, tvb, 0, tvb.length, tvb.bytes, `Media type: ${type} (${tvb.length} bytes)`);
    pinfo.appendInfo(`(${type})`);
  },
};
