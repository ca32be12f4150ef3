import type { ConversationSnapshot } from './conversations.js';
import type { EndpointSnapshot } from './endpoints.js';
import type { ExpertSnapshot } from './expert.js';
import type { HierarchySnapshot } from './hierarchy.js';
import type { IoSnapshot } from './io.js';

/** One view's snapshot, tagged with its kind. */
export type StatsSnapshot =
  | ({ kind: 'hierarchy' } & HierarchySnapshot)
  | ({ kind: 'conversations' } & ConversationSnapshot)
  | ({ kind: 'endpoints' } & EndpointSnapshot)
  | ({ kind: 'io' } & IoSnapshot)
  | ({ kind: 'expert' } & ExpertSnapshot);
