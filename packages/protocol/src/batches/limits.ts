// Span batch limits (op-node params.go): caps the block count, the txs of one block, the total
// txs and, as a byte bound, a bit list or one transaction's RLP.
export const MAX_SPAN_BATCH_ELEMENT_COUNT = 10_000_000;
