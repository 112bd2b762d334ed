// The compiled supernode derives both devnet chains from singular batches (blobs, brotli) into
// its replica engines: every block up to ≥ 200 per chain is the sequencer's.
import { describeReproduce } from "./support/reproduce.ts";

describeReproduce("singular batches (blobs + brotli)", {
  dataMode: "blobs",
  compression: "brotli",
  batchType: "singular",
});
