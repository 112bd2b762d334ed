// The virtual node on the devnet with singular batches (blobs + brotli): its local-safe chain equals the sequencer's at
// every height up to 200 (virtualNode.devnet.test.ts covers blobs + brotli span batches).
import { describeSequencerMatch } from "./harness.ts";

describeSequencerMatch("singular batches (blobs + brotli)", { batchType: "singular" });
