import { describe, expect, test } from "bun:test";
import { CanonicalCache } from "./canonicalCache.ts";

interface Ref {
  readonly hash: string;
  readonly number: number;
}

const ref = (number: number, fork = "a"): Ref => ({ hash: `0x${fork}${number}`, number });

describe("CanonicalCache", () => {
  test("a ref is read once, then served from memory until invalidated", async () => {
    const cache = new CanonicalCache<Ref, string>();
    let reads = 0;
    let fork = "a";
    const read = async (n: number) => {
      reads++;
      return ref(n, fork);
    };
    expect(await cache.ref(5, read)).toEqual(ref(5));
    expect(await cache.ref(5, read)).toEqual(ref(5));
    expect(reads).toBe(1);
    fork = "b";
    cache.invalidate();
    expect(await cache.ref(5, read)).toEqual(ref(5, "b"));
    expect(reads).toBe(2);
  });

  test("a read that began before an invalidation is answered but not kept", async () => {
    const cache = new CanonicalCache<Ref, string>();
    let release: () => void = () => {};
    const slow = cache.ref(
      7,
      () =>
        new Promise<Ref>((resolve) => {
          release = () => resolve(ref(7, "old"));
        }),
    );
    cache.invalidate();
    release();
    expect(await slow).toEqual(ref(7, "old"));
    expect(await cache.ref(7, async (n) => ref(n, "new"))).toEqual(ref(7, "new"));
  });

  test("reads of the same block at once share one engine read", async () => {
    const cache = new CanonicalCache<Ref, string>();
    let reads = 0;
    const read = async (n: number) => {
      reads++;
      await Bun.sleep(5);
      return ref(n);
    };
    const answers = await Promise.all([cache.ref(3, read), cache.ref(3, read), cache.ref(4, read)]);
    expect(answers).toEqual([ref(3), ref(3), ref(4)]);
    expect(reads).toBe(2);
  });

  test("nothing is kept for a block the engine does not have", async () => {
    const cache = new CanonicalCache<Ref, string>();
    expect(await cache.ref(9, async () => null)).toBeNull();
    expect(await cache.output("0xabc", async () => null)).toBeNull();
    expect(cache.inclusion(9, () => null)).toBeNull();
    expect(cache.sizes).toEqual({ refs: 0, inclusions: 0, outputs: 0 });
  });

  test("an L1 inclusion is read once, until invalidated", () => {
    const cache = new CanonicalCache<Ref, string, string>();
    let reads = 0;
    let l1 = "l1 a";
    const read = (n: number) => {
      reads++;
      return `${l1} for ${n}`;
    };
    expect(cache.inclusion(5, read)).toBe("l1 a for 5");
    expect(cache.inclusion(5, read)).toBe("l1 a for 5");
    expect(reads).toBe(1);
    l1 = "l1 b";
    cache.invalidate();
    expect(cache.inclusion(5, read)).toBe("l1 b for 5");
    expect(reads).toBe(2);
    expect(cache.sizes.inclusions).toBe(1);
  });

  test("outputs are kept by block hash and survive an invalidation", async () => {
    const cache = new CanonicalCache<Ref, string>();
    let reads = 0;
    const read = async () => `output ${++reads}`;
    expect(await cache.output("0xa1", read)).toBe("output 1");
    cache.invalidate();
    expect(await cache.output("0xa1", read)).toBe("output 1");
    expect(await cache.output("0xb1", read)).toBe("output 2");
  });

  test("each map is bounded, the least recently used entry going first", async () => {
    const cache = new CanonicalCache<Ref, string>(3);
    const read = async (n: number) => ref(n);
    for (const n of [1, 2, 3]) await cache.ref(n, read);
    await cache.ref(1, async () => {
      throw new Error("1 is cached");
    });
    await cache.ref(4, read);
    expect(cache.sizes.refs).toBe(3);
    let reread = false;
    await cache.ref(2, async (n) => {
      reread = true;
      return ref(n);
    });
    expect(reread).toBe(true);
    await cache.ref(1, async () => {
      throw new Error("1 was used recently and stays");
    });
  });
});
