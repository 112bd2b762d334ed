// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title SystemConfig (devnet)
/// @notice The rollup-config side of the OP Stack's SystemConfig
///         (ethereum-optimism/optimism packages/contracts-bedrock/src/L1/SystemConfig.sol, 3.x):
///         owner-only setters that emit a byte-identical `ConfigUpdate` event, version 0, with
///         the same update types and data encodings, which is all a rollup node derives from it.
///         The constructor does what `initialize` does for the node: it sets the owner and emits
///         BATCHER, FEE_SCALARS and GAS_LIMIT in that order, and stores the unsafe block signer
///         without an event. Not modelled: proxies, the resource config (so no minimum gas
///         limit), the L1 contract addresses, features, the superchain config.
contract SystemConfig {
    /// @notice The kinds of update, numbered as the real contract numbers them.
    enum UpdateType {
        BATCHER,
        FEE_SCALARS,
        GAS_LIMIT,
        UNSAFE_BLOCK_SIGNER,
        EIP_1559_PARAMS,
        OPERATOR_FEE_PARAMS,
        MIN_BASE_FEE,
        DA_FOOTPRINT_GAS_SCALAR
    }

    /// @notice Version of the ConfigUpdate event.
    uint256 public constant VERSION = 0;

    /// @notice The largest L2 gas limit the real contract accepts.
    uint64 internal constant MAX_GAS_LIMIT = 500_000_000;

    address public owner;
    uint256 public overhead;
    uint256 public scalar;
    bytes32 public batcherHash;
    uint64 public gasLimit;
    uint32 public basefeeScalar;
    uint32 public blobbasefeeScalar;
    uint32 public eip1559Denominator;
    uint32 public eip1559Elasticity;
    uint32 public operatorFeeScalar;
    uint64 public operatorFeeConstant;
    uint64 public minBaseFee;
    uint16 public daFootprintGasScalar;
    address public unsafeBlockSigner;
    uint256 public startBlock;

    /// @notice Emitted for every update the node applies.
    event ConfigUpdate(uint256 indexed version, UpdateType indexed updateType, bytes data);

    /// @notice Emitted when the owner changes.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    modifier onlyOwner() {
        require(msg.sender == owner, "Ownable: caller is not the owner");
        _;
    }

    constructor(
        address _owner,
        bytes32 _batcherHash,
        uint32 _basefeeScalar,
        uint32 _blobbasefeeScalar,
        uint64 _gasLimit,
        address _unsafeBlockSigner
    ) {
        _transferOwnership(_owner);
        _setBatcherHash(_batcherHash);
        _setGasConfigEcotone(_basefeeScalar, _blobbasefeeScalar);
        _setGasLimit(_gasLimit);
        unsafeBlockSigner = _unsafeBlockSigner;
        startBlock = block.number;
    }

    function transferOwnership(address _newOwner) external onlyOwner {
        require(_newOwner != address(0), "Ownable: new owner is the zero address");
        _transferOwnership(_newOwner);
    }

    function _transferOwnership(address _newOwner) internal {
        emit OwnershipTransferred(owner, _newOwner);
        owner = _newOwner;
    }

    /// @notice UNSAFE_BLOCK_SIGNER: abi.encode(address).
    function setUnsafeBlockSigner(address _unsafeBlockSigner) external onlyOwner {
        unsafeBlockSigner = _unsafeBlockSigner;
        emit ConfigUpdate(VERSION, UpdateType.UNSAFE_BLOCK_SIGNER, abi.encode(_unsafeBlockSigner));
    }

    /// @notice BATCHER: abi.encode(bytes32), the batcher address left-padded.
    function setBatcherHash(bytes32 _batcherHash) external onlyOwner {
        _setBatcherHash(_batcherHash);
    }

    function _setBatcherHash(bytes32 _batcherHash) internal {
        batcherHash = _batcherHash;
        emit ConfigUpdate(VERSION, UpdateType.BATCHER, abi.encode(_batcherHash));
    }

    /// @notice FEE_SCALARS before Ecotone: abi.encode(overhead, scalar), the scalar's top byte zero.
    function setGasConfig(uint256 _overhead, uint256 _scalar) external onlyOwner {
        require((uint256(0xff) << 248) & _scalar == 0, "SystemConfig: scalar exceeds max.");
        overhead = _overhead;
        scalar = _scalar;
        emit ConfigUpdate(VERSION, UpdateType.FEE_SCALARS, abi.encode(_overhead, _scalar));
    }

    /// @notice FEE_SCALARS from Ecotone: abi.encode(overhead, scalar) with the version-1 scalar
    ///         0x01 ‖ zeros ‖ uint32 blobbasefeeScalar ‖ uint32 basefeeScalar.
    function setGasConfigEcotone(uint32 _basefeeScalar, uint32 _blobbasefeeScalar) external onlyOwner {
        _setGasConfigEcotone(_basefeeScalar, _blobbasefeeScalar);
    }

    function _setGasConfigEcotone(uint32 _basefeeScalar, uint32 _blobbasefeeScalar) internal {
        basefeeScalar = _basefeeScalar;
        blobbasefeeScalar = _blobbasefeeScalar;
        scalar = (uint256(0x01) << 248) | (uint256(_blobbasefeeScalar) << 32) | _basefeeScalar;
        emit ConfigUpdate(VERSION, UpdateType.FEE_SCALARS, abi.encode(overhead, scalar));
    }

    /// @notice GAS_LIMIT: abi.encode(uint64).
    function setGasLimit(uint64 _gasLimit) external onlyOwner {
        _setGasLimit(_gasLimit);
    }

    function _setGasLimit(uint64 _gasLimit) internal {
        require(_gasLimit <= MAX_GAS_LIMIT, "SystemConfig: gas limit too high");
        gasLimit = _gasLimit;
        emit ConfigUpdate(VERSION, UpdateType.GAS_LIMIT, abi.encode(_gasLimit));
    }

    /// @notice EIP_1559_PARAMS (Holocene): abi.encode(uint256(denominator) << 32 | elasticity).
    function setEIP1559Params(uint32 _denominator, uint32 _elasticity) external onlyOwner {
        require(_denominator >= 1, "SystemConfig: denominator must be >= 1");
        require(_elasticity >= 1, "SystemConfig: elasticity must be >= 1");
        eip1559Denominator = _denominator;
        eip1559Elasticity = _elasticity;
        emit ConfigUpdate(
            VERSION, UpdateType.EIP_1559_PARAMS, abi.encode((uint256(_denominator) << 32) | uint64(_elasticity))
        );
    }

    /// @notice OPERATOR_FEE_PARAMS (Isthmus): abi.encode(uint256(scalar) << 64 | constant).
    function setOperatorFeeScalars(uint32 _operatorFeeScalar, uint64 _operatorFeeConstant) external onlyOwner {
        operatorFeeScalar = _operatorFeeScalar;
        operatorFeeConstant = _operatorFeeConstant;
        emit ConfigUpdate(
            VERSION,
            UpdateType.OPERATOR_FEE_PARAMS,
            abi.encode((uint256(_operatorFeeScalar) << 64) | _operatorFeeConstant)
        );
    }

    /// @notice MIN_BASE_FEE (Jovian): abi.encode(uint64).
    function setMinBaseFee(uint64 _minBaseFee) external onlyOwner {
        minBaseFee = _minBaseFee;
        emit ConfigUpdate(VERSION, UpdateType.MIN_BASE_FEE, abi.encode(_minBaseFee));
    }

    /// @notice DA_FOOTPRINT_GAS_SCALAR (Jovian): abi.encode(uint16).
    function setDAFootprintGasScalar(uint16 _daFootprintGasScalar) external onlyOwner {
        daFootprintGasScalar = _daFootprintGasScalar;
        emit ConfigUpdate(VERSION, UpdateType.DA_FOOTPRINT_GAS_SCALAR, abi.encode(_daFootprintGasScalar));
    }
}
