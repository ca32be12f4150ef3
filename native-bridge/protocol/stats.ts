/**
 * Statistics as they travel to the UI and as `wirepool stats --json` prints them: plain data,
 * spans of time as exact decimal seconds ("0.000300308"). native-bridge/stats computes them
 * (`plainStats` turns its snapshots into these); the engine's `stats` operation answers them
 * and the CLI prints them, so the window and the CLI show the same numbers. Runtime-free.
 */
import type { Severity } from '../dissect/index.js';

/** The tables TShark's `-z conv,TYPE` and `-z endpoints,TYPE` know that Wirepool keeps. */
export type TableType = 'eth' | 'ip' | 'ipv6' | 'tcp' | 'udp';
export const TABLE_TYPES: readonly TableType[] = ['eth', 'ip', 'ipv6', 'tcp', 'udp'];
/** TShark's titles ("IPv4 Conversations"). */
export const TABLE_TITLES: Readonly<Record<TableType, string>> = { eth: 'Ethernet', ip: 'IPv4', ipv6: 'IPv6', tcp: 'TCP', udp: 'UDP' };
/** The statistics the `stats` operation computes. */
export const STATS_KINDS = ['hierarchy', 'conversations', 'endpoints', 'io', 'expert'] as const;
export type StatsKind = (typeof STATS_KINDS)[number];

/** One protocol at one place in the hierarchy: the frames whose path went through it. */
export interface PlainHierarchyNode {
  protocol: string;
  frames: number;
  /** Sum of the wire lengths of those frames (the whole frame, as TShark counts). */
  bytes: number;
  children: PlainHierarchyNode[];
}

export interface PlainConversation {
  /** A is the source of the conversation's first packet (TShark 4.0's rule). */
  addressA: string;
  portA: number | undefined;
  addressB: string;
  portB: number | undefined;
  /** `tcp.stream` / `udp.stream`, when the decoder numbers streams. */
  stream: number | undefined;
  framesAToB: number;
  bytesAToB: number;
  framesBToA: number;
  bytesBToA: number;
  frames: number;
  bytes: number;
  /** Seconds from the capture's first frame to the conversation's first packet. */
  relStart: string;
  /** Seconds from its first packet to its last. */
  duration: string;
}

export interface PlainEndpoint {
  address: string;
  /** TCP/UDP tables only. */
  port: number | undefined;
  packets: number;
  bytes: number;
  txPackets: number;
  txBytes: number;
  rxPackets: number;
  rxBytes: number;
}

export interface PlainIoBucket {
  index: number;
  /** Seconds from the first frame to the interval's start. */
  start: string;
  frames: number;
  bytes: number;
}

/**
 * One row of the expert information (`-z expert`): the items of one severity, protocol and
 * message, counted, in the order first seen. `frames` lists the frames that have it, at most
 * `EXPERT_FRAMES_KEPT` (the first ones); `count` counts them all.
 */
export interface PlainExpertRow {
  severity: Severity;
  /** As TShark names it (`Sequence`, `Malformed`). */
  group: string;
  /** TShark's protocol column (`TCP`, `IPv4`). */
  protocol: string;
  summary: string;
  count: number;
  frames: number[];
}
/** How many frames a row of expert information lists. */
export const EXPERT_FRAMES_KEPT = 1000;

/** One statistic; tables list their rows most frames first, ties in first-seen order (TShark's). */
export type PlainStats =
  | { kind: 'hierarchy'; frames: number; bytes: number; children: PlainHierarchyNode[] }
  | { kind: 'conversations'; type: TableType; title: string; rows: PlainConversation[] }
  | { kind: 'endpoints'; type: TableType; title: string; rows: PlainEndpoint[] }
  | {
      kind: 'io';
      /** Seconds. */
      interval: string;
      duration: string;
      /** Intervals from the first frame to the latest. */
      count: number;
      frames: number;
      bytes: number;
      /** The intervals that have frames, in order. */
      buckets: PlainIoBucket[];
    }
  | {
      kind: 'expert';
      /** Items per severity. */
      counts: Record<Severity, number>;
      /** Most severe first (errors, warnings, notes, chats, comments), then as first seen. */
      rows: PlainExpertRow[];
    };
