/** Messages between the threaded pack composer and its worker: batches in (tagged JSON), documents out. */
export interface PackRequest {
  readonly id: number;
  readonly batch: string;
}

export type PackReply = { readonly id: number; readonly documents: string[] } | { readonly id: number; readonly error: string };
