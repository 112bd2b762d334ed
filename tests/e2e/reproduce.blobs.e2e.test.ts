// The compiled supernode derives both devnet chains from blobs (brotli, span batches) into its
// replica engines: every block up to ≥ 200 per chain is the sequencer's.
import { describeReproduce } from "./support/reproduce.ts";

describeReproduce("blobs + brotli + span batches", {
  dataMode: "blobs",
  compression: "brotli",
  batchType: "span",
});
