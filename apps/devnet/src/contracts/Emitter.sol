// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Emitter (devnet, L2)
/// @notice Makes initiating messages: any log is one (specs interop/messaging.md), and this
///         contract emits one log per call whose payload (topics ‖ data) the traffic generator
///         knows in advance: topic0 = keccak256("Message(address,bytes)"), topic1 = the caller,
///         data = abi.encode(payload).
contract Emitter {
    /// @notice The initiating log.
    event Message(address indexed sender, bytes payload);

    /// @notice Emits one Message log.
    function emitMessage(bytes calldata _payload) external {
        emit Message(msg.sender, _payload);
    }
}
