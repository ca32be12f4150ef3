import { dissectorTable } from '../core/tables.js';
import { laterVersion, names } from './openflow-v4.js';

/**
 * OpenFlow 1.5 messages: decoded as 1.3's are (openflow-v4.ts), with 1.5's names and its
 * PACKET_OUT, which carries a match where earlier versions have the input port; Info names the
 * message type only.
 */
// biome-ignore format: name lists
const TYPES = ['OFPT_HELLO', 'OFPT_ERROR', 'OFPT_ECHO_REQUEST', 'OFPT_ECHO_REPLY', 'OFPT_EXPERIMENTER',
  'OFPT_FEATURES_REQUEST', 'OFPT_FEATURES_REPLY', 'OFPT_GET_CONFIG_REQUEST', 'OFPT_GET_CONFIG_REPLY', 'OFPT_SET_CONFIG',
  'OFPT_PACKET_IN', 'OFPT_FLOW_REMOVED', 'OFPT_PORT_STATUS', 'OFPT_PACKET_OUT', 'OFPT_FLOW_MOD', 'OFPT_GROUP_MOD',
  'OFPT_PORT_MOD', 'OFPT_TABLE_MOD', 'OFPT_MULTIPART_REQUEST', 'OFPT_MULTIPART_REPLY', 'OFPT_BARRIER_REQUEST',
  'OFPT_BARRIER_REPLY', undefined, undefined, 'OFPT_ROLE_REQUEST', 'OFPT_ROLE_REPLY', 'OFPT_GET_ASYNC_REQUEST',
  'OFPT_GET_ASYNC_REPLY', 'OFPT_SET_ASYNC', 'OFPT_METER_MOD', 'OFPT_ROLE_STATUS', 'OFPT_TABLE_STATUS',
  'OFPT_REQUESTFORWARD', 'OFPT_BUNDLE_CONTROL', 'OFPT_BUNDLE_ADD_MESSAGE', 'OFPT_CONTROLLER_STATUS'];
// biome-ignore format: name lists
const MULTIPART = ['OFPMP_DESC', 'OFPMP_FLOW_DESC', 'OFPMP_AGGREGATE_STATS', 'OFPMP_TABLE_STATS', 'OFPMP_PORT_STATS',
  'OFPMP_QUEUE_STATS', 'OFPMP_GROUP_STATS', 'OFPMP_GROUP_DESC', 'OFPMP_GROUP_FEATURES', 'OFPMP_METER_STATS',
  'OFPMP_METER_DESC', 'OFPMP_METER_FEATURES', 'OFPMP_TABLE_FEATURES', 'OFPMP_PORT_DESC', 'OFPMP_TABLE_DESC',
  'OFPMP_QUEUE_DESC', 'OFPMP_FLOW_MONITOR', 'OFPMP_FLOW_STATS', 'OFPMP_CONTROLLER_STATUS', 'OFPMP_BUNDLE_FEATURES'];

dissectorTable('openflow.version').add(
  6,
  laterVersion({
    name: 'openflow_v6',
    title: 'OpenFlow 1.5',
    types: names(TYPES),
    multipart: { ...names(MULTIPART), 0xffff: 'OFPMP_EXPERIMENTER' },
    multipartInfo: false,
    packetOutMatch: true,
    oxmFieldAtBitOffset: true,
  }),
);
