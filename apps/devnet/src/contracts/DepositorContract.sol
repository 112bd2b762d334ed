// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The portal entry point the depositor calls (OptimismPortal.depositTransaction).
interface IDepositPortal {
    function depositTransaction(
        address _to,
        uint256 _value,
        uint64 _gasLimit,
        bool _isCreation,
        bytes memory _data
    )
        external
        payable;
}

/// @title DepositorContract (devnet)
/// @notice An L1 contract that forwards a deposit to a portal, so the deposit's L2 sender is
///         this contract's address aliased (+0x1111000000000000000000000000000000001111), as for
///         any contract-initiated deposit (the L1 standard bridge and messenger work this way).
contract DepositorContract {
    /// @notice Calls `_portal.depositTransaction` with the ETH sent along as the mint.
    function deposit(
        address _portal,
        address _to,
        uint256 _value,
        uint64 _gasLimit,
        bool _isCreation,
        bytes calldata _data
    )
        external
        payable
    {
        IDepositPortal(_portal).depositTransaction{ value: msg.value }(_to, _value, _gasLimit, _isCreation, _data);
    }
}
