/**
 * The typed contracts of DataDividends (typechain, ethers v6): the deployable contracts, their
 * interfaces and the governance timelock, without the test mocks. Everything the SDK and the tasks
 * import from the generated types comes through here, so the package ships these and no more.
 *
 * @example
 * import { RewardVault__factory } from "datadividends/typechain";
 * const vault = RewardVault__factory.connect(address, signer);
 */
export type { DatasetRegistry } from "../typechain-types/contracts/DatasetRegistry.js";
export { DatasetRegistry__factory } from "../typechain-types/factories/contracts/DatasetRegistry__factory.js";
export type { ModelRegistry } from "../typechain-types/contracts/ModelRegistry.js";
export { ModelRegistry__factory } from "../typechain-types/factories/contracts/ModelRegistry__factory.js";
export type { RewardVault } from "../typechain-types/contracts/RewardVault.js";
export { RewardVault__factory } from "../typechain-types/factories/contracts/RewardVault__factory.js";
export type { ShareTrees } from "../typechain-types/contracts/ShareTrees.js";
export { ShareTrees__factory } from "../typechain-types/factories/contracts/ShareTrees__factory.js";
export type { IShareTrees } from "../typechain-types/contracts/interfaces/IShareTrees.js";
export type { DataRewardToken } from "../typechain-types/contracts/token/DataRewardToken.js";
export { DataRewardToken__factory } from "../typechain-types/factories/contracts/token/DataRewardToken__factory.js";
export type { DataDividendsGovernor } from "../typechain-types/contracts/governance/DataDividendsGovernor.js";
export { DataDividendsGovernor__factory } from "../typechain-types/factories/contracts/governance/DataDividendsGovernor__factory.js";
export type { IDatasetRegistry } from "../typechain-types/contracts/interfaces/IDatasetRegistry.js";
// The registry's per-concern interfaces, which declare its structs (e.g. IDatasetRegistration.RegistrationStruct).
export type { IDatasetRegistration } from "../typechain-types/contracts/interfaces/IDatasetRegistration.js";
export type { IDatasetDisputes } from "../typechain-types/contracts/interfaces/IDatasetDisputes.js";
export { IDatasetRegistry__factory } from "../typechain-types/factories/contracts/interfaces/IDatasetRegistry__factory.js";
export type { IModelRegistry } from "../typechain-types/contracts/interfaces/IModelRegistry.js";
export { IModelRegistry__factory } from "../typechain-types/factories/contracts/interfaces/IModelRegistry__factory.js";
export type { IRewardVault } from "../typechain-types/contracts/interfaces/IRewardVault.js";
export { IRewardVault__factory } from "../typechain-types/factories/contracts/interfaces/IRewardVault__factory.js";
export type { TimelockController } from "../typechain-types/@openzeppelin/contracts/governance/TimelockController.js";
export { TimelockController__factory } from "../typechain-types/factories/@openzeppelin/contracts/governance/TimelockController__factory.js";
export type { TypedContractEvent, TypedEventLog } from "../typechain-types/common.js";
