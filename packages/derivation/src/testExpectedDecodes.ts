// The per-batch summaries of kona's real OP Mainnet batcher data
// (fixtures/kona/derived/expected_decodes.json), as the vector tests read them.
export interface ExpectedBatch {
  readonly block_count: number;
  readonly block_tx_counts: number[];
  readonly per_block_l1_origin: number[];
  readonly first_l2_timestamp: number;
  readonly last_l2_timestamp: number;
  readonly total_txs: number;
  readonly parent_check: string;
  readonly l1_origin_check: string;
  readonly first_l2_block_number: number;
}

export type ExpectedDecodes = Record<"raw_batcher_tx.bin" | "batch.hex", { batches: ExpectedBatch[] }>;

export const EXPECTED_DECODES = "kona/derived/expected_decodes.json";
