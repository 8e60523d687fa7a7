/** What targeting and metrics are built from: attributes, audiences and conversion events. */
export interface Attribute {
  readonly id: number;
  readonly projectId: number;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly conditionType: string;
  readonly archived: boolean;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Audience {
  readonly id: number;
  readonly projectId: number;
  readonly name: string;
  readonly description: string;
  /** Optimizely condition JSON, as a string. */
  readonly conditions: string;
  readonly archived: boolean;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface EventDefinition {
  readonly id: number;
  readonly projectId: number;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly eventType: string;
  readonly category: string;
  readonly archived: boolean;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
