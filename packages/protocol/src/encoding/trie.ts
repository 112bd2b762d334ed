// The root of an ordered Merkle-Patricia trie (keys rlp(index)), as transactionsRoot and
// receiptsRoot are built (yellow paper, appendix D).
import { keccak256 } from "../crypto/keccak.ts";
import { rlpEncodeList, rlpEncodeString, rlpEncodeUint } from "./rlp.ts";

type Entry = { readonly path: number[]; readonly value: Uint8Array };

function nibbles(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (const byte of bytes) out.push(byte >> 4, byte & 15);
  return out;
}

/** Hex-prefix encoding of a nibble path (flag 2 for leaves, +1 for odd length). */
function hexPrefix(path: number[], leaf: boolean): Uint8Array {
  const odd = path.length % 2;
  const flagged = odd ? [(leaf ? 2 : 0) + 1, ...path] : [leaf ? 2 : 0, 0, ...path];
  const out = new Uint8Array(flagged.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = ((flagged[2 * i] ?? 0) << 4) | (flagged[2 * i + 1] ?? 0);
  return out;
}

/** The RLP of the node for `entries` below `depth`. */
function node(entries: Entry[], depth: number): Uint8Array {
  if (entries.length === 1) {
    const entry = entries[0] as Entry;
    return rlpEncodeList([
      rlpEncodeString(hexPrefix(entry.path.slice(depth), true)),
      rlpEncodeString(entry.value),
    ]);
  }
  let common = 0;
  const first = (entries[0] as Entry).path;
  while (
    entries.every((e) => e.path.length > depth + common && e.path[depth + common] === first[depth + common])
  )
    common++;
  if (common > 0) {
    return rlpEncodeList([
      rlpEncodeString(hexPrefix(first.slice(depth, depth + common), false)),
      reference(entries, depth + common),
    ]);
  }
  const children: Uint8Array[] = [];
  for (let nibble = 0; nibble < 16; nibble++) {
    const group = entries.filter((e) => e.path.length > depth && e.path[depth] === nibble);
    children.push(group.length === 0 ? rlpEncodeString(new Uint8Array(0)) : reference(group, depth + 1));
  }
  const here = entries.find((e) => e.path.length === depth);
  children.push(rlpEncodeString(here ? here.value : new Uint8Array(0)));
  return rlpEncodeList(children);
}

/** A child reference: the node itself when its RLP is under 32 bytes, else its hash. */
function reference(entries: Entry[], depth: number): Uint8Array {
  const encoded = node(entries, depth);
  return encoded.length < 32 ? encoded : rlpEncodeString(keccak256(encoded));
}

/** keccak256 of the root node of the trie mapping rlp(i) → values[i]. */
export function orderedTrieRoot(values: readonly Uint8Array[]): Uint8Array {
  if (values.length === 0) return keccak256(rlpEncodeString(new Uint8Array(0)));
  const entries = values.map((value, i) => ({ path: nibbles(rlpEncodeUint(i)), value }));
  return keccak256(node(entries, 0));
}
