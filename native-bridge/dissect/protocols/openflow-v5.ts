import { dissectorTable } from '../core/tables.js';
import { laterVersion, names } from './openflow-v4.js';

/**
 * OpenFlow 1.4 messages: decoded as 1.3's are (openflow-v4.ts), with 1.4's names; Info names
 * the message type only (TShark's 1.4 decoder does not add the multipart type).
 */
// biome-ignore format: name lists
const TYPES = ['OFPT_HELLO', 'OFPT_ERROR', 'OFPT_ECHO_REQUEST', 'OFPT_ECHO_REPLY', 'OFPT_EXPERIMENTER',
  'OFPT_FEATURES_REQUEST', 'OFPT_FEATURES_REPLY', 'OFPT_GET_CONFIG_REQUEST', 'OFPT_GET_CONFIG_REPLY', 'OFPT_SET_CONFIG',
  'OFPT_PACKET_IN', 'OFPT_FLOW_REMOVED', 'OFPT_PORT_STATUS', 'OFPT_PACKET_OUT', 'OFPT_FLOW_MOD', 'OFPT_GROUP_MOD',
  'OFPT_PORT_MOD', 'OFPT_TABLE_MOD', 'OFPT_MULTIPART_REQUEST', 'OFPT_MULTIPART_REPLY', 'OFPT_BARRIER_REQUEST',
  'OFPT_BARRIER_REPLY', undefined, undefined, 'OFPT_ROLE_REQUEST', 'OFPT_ROLE_REPLY', 'OFPT_GET_ASYNC_REQUEST',
  'OFPT_GET_ASYNC_REPLY', 'OFPT_SET_ASYNC', 'OFPT_METER_MOD', 'OFPT_ROLE_STATUS', 'OFPT_TABLE_STATUS',
  'OFPT_REQUESTFORWARD', 'OFPT_BUNDLE_CONTROL', 'OFPT_BUNDLE_ADD_MESSAGE'];
// biome-ignore format: name lists
const MULTIPART = ['OFPMP_DESC', 'OFPMP_FLOW', 'OFPMP_AGGREGATE', 'OFPMP_TABLE', 'OFPMP_PORT_STATS', 'OFPMP_QUEUE_STATS',
  'OFPMP_GROUP', 'OFPMP_GROUP_DESC', 'OFPMP_GROUP_FEATURES', 'OFPMP_METER', 'OFPMP_METER_CONFIG', 'OFPMP_METER_FEATURES',
  'OFPMP_TABLE_FEATURES', 'OFPMP_PORT_DESC', 'OFPMP_TABLE_DESC', 'OFPMP_QUEUE_DESC', 'OFPMP_FLOW_MONITOR'];

dissectorTable('openflow.version').add(
  5,
  laterVersion({
    name: 'openflow_v5',
    title: 'OpenFlow 1.4',
    types: names(TYPES),
    multipart: { ...names(MULTIPART), 0xffff: 'OFPMP_EXPERIMENTER' },
    multipartInfo: false,
    packetOutMatch: false,
    oxmFieldAtBitOffset: false,
  }),
);
