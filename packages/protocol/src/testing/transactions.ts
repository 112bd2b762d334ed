// Signed transactions of every type a span batch can carry, for tests (imported only by
// *.test.ts files; exported from no index).
import { concatBytes } from "../encoding/bytes.ts";
import { rlpEncodeList, rlpEncodeString, rlpEncodeUint } from "../encoding/rlp.ts";
import { buildTransaction, type SpanTransaction } from "../transactions/spanTransaction.ts";

export const TEST_CHAIN_ID = 901n;

const bytes = (length: number, seed: number) =>
  Uint8Array.from({ length }, (_, i) => (seed * 31 + i * 7) & 0xff);
const typed = (type: number, list: Uint8Array) => concatBytes([Uint8Array.of(type), list]);
const accessList = rlpEncodeList([
  rlpEncodeList([
    rlpEncodeString(bytes(20, 1)),
    rlpEncodeList([rlpEncodeString(bytes(32, 2)), rlpEncodeString(bytes(32, 3))]),
  ]),
]);
const authorizationList = rlpEncodeList([
  rlpEncodeList([
    rlpEncodeUint(TEST_CHAIN_ID),
    rlpEncodeString(bytes(20, 4)),
    rlpEncodeUint(7),
    rlpEncodeUint(1),
    rlpEncodeString(bytes(32, 5)),
    rlpEncodeString(bytes(32, 6)),
  ]),
]);

function signed(
  seed: number,
  type: 0 | 1 | 2 | 4,
  data: Uint8Array,
  extra: Partial<SpanTransaction> = {},
): SpanTransaction {
  const sig = (n: number) => {
    const out = bytes(32, seed + n);
    out[0] = (out[0] ?? 0) & 0x7f;
    return out;
  };
  return {
    type,
    data,
    nonce: BigInt(seed * 3),
    gas: 21_000n + BigInt(seed),
    to: bytes(20, seed),
    r: sig(1),
    s: sig(2),
    yParity: (seed % 2) as 0 | 1,
    protected: false,
    ...extra,
  };
}

/** Span-batch forms of: legacy (EIP-155 and not, one creation), 2930, 1559, 7702. */
export function spanTransactions(): SpanTransaction[] {
  const legacyData = (n: number) =>
    rlpEncodeList([rlpEncodeUint(n * 1000), rlpEncodeUint(1_000_000_000), rlpEncodeString(bytes(n, n))]);
  return [
    signed(1, 0, legacyData(1), { protected: true }),
    signed(2, 0, legacyData(2), { protected: false }),
    signed(3, 0, legacyData(3), { protected: true, to: null }),
    signed(
      4,
      1,
      typed(
        1,
        rlpEncodeList([rlpEncodeUint(5), rlpEncodeUint(7), rlpEncodeString(bytes(40, 4)), accessList]),
      ),
    ),
    signed(
      5,
      2,
      typed(
        2,
        rlpEncodeList([
          rlpEncodeUint(0),
          rlpEncodeUint(1),
          rlpEncodeUint(2),
          rlpEncodeString(bytes(3, 5)),
          rlpEncodeList([]),
        ]),
      ),
    ),
    signed(
      6,
      2,
      typed(
        2,
        rlpEncodeList([
          rlpEncodeUint(9n ** 30n),
          rlpEncodeUint(1),
          rlpEncodeUint(2),
          rlpEncodeString(new Uint8Array(0)),
          accessList,
        ]),
      ),
    ),
    signed(
      7,
      4,
      typed(
        4,
        rlpEncodeList([
          rlpEncodeUint(1),
          rlpEncodeUint(2),
          rlpEncodeUint(3),
          rlpEncodeString(bytes(8, 7)),
          accessList,
          authorizationList,
        ]),
      ),
    ),
  ];
}

export function signedTransactions(): Uint8Array[] {
  return spanTransactions().map((tx) => buildTransaction(tx, TEST_CHAIN_ID));
}
