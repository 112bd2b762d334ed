// The virtual node on the devnet with calldata + zlib span batches: its local-safe chain equals the sequencer's at
// every height up to 200 (virtualNode.devnet.test.ts covers blobs + brotli span batches).
import { describeSequencerMatch } from "./harness.ts";

describeSequencerMatch("calldata + zlib span batches", { dataMode: "calldata", compression: "zlib" });
