// The channel stage switch (op-node channel_mux.go; kona stages/channel/channel_provider.rs): the
// channel bank before Holocene, the channel assembler from it. A reset picks the stage by the reset
// origin's time; the pipeline transforms it when the L1 origin first crosses Holocene, and the
// bank's buffered channels are discarded with it (specs holocene/derivation.md).
import type { L1BlockRef, Logger } from "@supernode/protocol";
import { ChannelAssembler } from "./channelAssembler.ts";
import { ChannelBank, type ChannelBankConfig, type FrameSource, type ReadyChannel } from "./channelBank.ts";
import type { ChannelSource } from "./channelReader.ts";

export class ChannelMux implements ChannelSource {
  #active: ChannelBank | ChannelAssembler;

  constructor(
    private readonly frames: FrameSource,
    private readonly config: ChannelBankConfig,
    private readonly logger?: Logger,
  ) {
    this.#active = new ChannelBank(frames, config, logger);
  }

  /** Which stage is active. */
  get stage(): "channel-bank" | "channel-assembler" {
    return this.#active instanceof ChannelBank ? "channel-bank" : "channel-assembler";
  }

  get origin(): L1BlockRef | null {
    return this.frames.origin;
  }

  next(): Promise<ReadyChannel | null> {
    return this.#active.next();
  }

  reset(base: L1BlockRef): void {
    const holocene = this.config.forks.isHolocene(base.timestamp);
    if (holocene && this.#active instanceof ChannelBank) {
      this.logger?.info("activating the Holocene channel assembler at reset", { origin: base.number });
      this.#active = new ChannelAssembler(this.frames, this.config, this.logger);
    } else if (!holocene && this.#active instanceof ChannelAssembler) {
      this.logger?.info("activating the pre-Holocene channel bank at reset", { origin: base.number });
      this.#active = new ChannelBank(this.frames, this.config, this.logger);
    }
    this.#active.reset();
  }

  /** The L1 origin crossed Holocene: a fresh assembler replaces the bank and its channels. */
  transformHolocene(): void {
    if (this.#active instanceof ChannelAssembler) return;
    this.logger?.info("Holocene: the channel assembler replaces the channel bank");
    this.#active = new ChannelAssembler(this.frames, this.config, this.logger);
  }
}
