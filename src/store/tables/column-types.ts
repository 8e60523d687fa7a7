/** How values are stored on both engines: booleans as integers 0/1, structured values as JSON text, row timestamps as ISO-8601 text. */
export type Bool = number;
export type Json = string;
export type Timestamp = string;
