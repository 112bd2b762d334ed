// The geth chain-config fields both devnet chains share: every fork through Prague active from
// genesis (the L1's chain config for the node, and the L2 engines' genesis.json `config`).
export function pragueChainConfig(chainId: number): Record<string, number> {
  return {
    chainId,
    homesteadBlock: 0,
    eip150Block: 0,
    eip155Block: 0,
    eip158Block: 0,
    byzantiumBlock: 0,
    constantinopleBlock: 0,
    petersburgBlock: 0,
    istanbulBlock: 0,
    berlinBlock: 0,
    londonBlock: 0,
    mergeNetsplitBlock: 0,
    terminalTotalDifficulty: 0,
    shanghaiTime: 0,
    cancunTime: 0,
    pragueTime: 0,
  };
}
