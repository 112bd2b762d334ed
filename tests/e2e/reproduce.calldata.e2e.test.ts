// The compiled supernode derives both devnet chains from calldata batches (zlib, span batches)
// into its replica engines: every block up to ≥ 200 per chain is the sequencer's.
import { describeReproduce } from "./support/reproduce.ts";

describeReproduce("calldata + zlib + span batches", {
  dataMode: "calldata",
  compression: "zlib",
  batchType: "span",
});
