// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title OptimismPortal (devnet)
/// @notice The deposit side of the OP Stack's OptimismPortal / OptimismPortal2
///         (ethereum-optimism/optimism packages/contracts-bedrock/src/L1/OptimismPortal2.sol):
///         `depositTransaction` with the same checks and a byte-identical `TransactionDeposited`
///         event, which is all a rollup node derives from the portal. Not modelled: withdrawals,
///         proofs, the guardian and pause, the ETHLockbox, custom gas tokens, and the resource
///         metering that burns L1 gas for the L2 gas bought (no per-block deposit gas limit here).
///         A contract caller is recognised as the 0.17.3 portal does (`msg.sender != tx.origin`);
///         newer portals also treat an EIP-7702 delegated EOA as an EOA.
contract OptimismPortal {
    /// @notice Version of the TransactionDeposited event (opaqueData layout 0).
    uint256 internal constant DEPOSIT_VERSION = 0;

    /// @notice The L1 to L2 address alias offset (AddressAliasHelper).
    uint160 internal constant ALIAS_OFFSET = uint160(0x1111000000000000000000000000000000001111);

    /// @notice The L2 gas limit of a deposit made by sending ETH to the portal.
    uint64 internal constant RECEIVE_DEFAULT_GAS_LIMIT = 100_000;

    /// @notice The largest calldata a deposit may carry.
    uint256 internal constant MAX_CALLDATA_SIZE = 120_000;

    /// @notice Emitted for every deposit; the node turns it into a deposit transaction.
    /// @param from       The L2 sender: the caller, aliased when the caller is a contract.
    /// @param to         The L2 recipient (zero for a contract creation).
    /// @param version    The opaqueData layout version.
    /// @param opaqueData abi.encodePacked(mint, value, gasLimit, isCreation, data).
    event TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData);

    /// @notice A contract creation must name the zero address as its target.
    error BadTarget();

    /// @notice The gas limit does not cover the deposit's intrinsic gas.
    error GasLimitTooLow();

    /// @notice The deposit carries more than MAX_CALLDATA_SIZE bytes of data.
    error CalldataTooLarge();

    /// @notice Sending ETH to the portal deposits it to the sender on L2.
    receive() external payable {
        depositTransaction(msg.sender, msg.value, RECEIVE_DEFAULT_GAS_LIMIT, false, bytes(""));
    }

    /// @notice The smallest gas limit a deposit with `_byteCount` bytes of data may ask for.
    function minimumGasLimit(uint64 _byteCount) public pure returns (uint64) {
        return _byteCount * 40 + 21000;
    }

    /// @notice Accepts a deposit to L2. `msg.value` is minted on L2 for the sender.
    /// @param _to         L2 recipient (zero for a contract creation).
    /// @param _value      ETH value sent with the L2 call.
    /// @param _gasLimit   L2 gas limit of the deposit.
    /// @param _isCreation Whether the deposit creates a contract.
    /// @param _data       L2 calldata or init code.
    function depositTransaction(
        address _to,
        uint256 _value,
        uint64 _gasLimit,
        bool _isCreation,
        bytes memory _data
    )
        public
        payable
    {
        if (_isCreation && _to != address(0)) revert BadTarget();
        if (_gasLimit < minimumGasLimit(uint64(_data.length))) revert GasLimitTooLow();
        if (_data.length > MAX_CALLDATA_SIZE) revert CalldataTooLarge();

        address from = msg.sender;
        if (msg.sender != tx.origin) {
            unchecked {
                from = address(uint160(msg.sender) + ALIAS_OFFSET);
            }
        }

        bytes memory opaqueData = abi.encodePacked(msg.value, _value, _gasLimit, _isCreation, _data);
        emit TransactionDeposited(from, _to, DEPOSIT_VERSION, opaqueData);
    }
}
