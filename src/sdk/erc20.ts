import { Contract, type ContractRunner, type ContractTransactionResponse } from "ethers";

/** What the toolkit reads and sends to any ERC-20 reward token (EIP-2612 `nonces` where it has permits). */
export interface RewardToken {
  name(): Promise<string>;
  symbol(): Promise<string>;
  decimals(): Promise<bigint>;
  balanceOf(account: string): Promise<bigint>;
  allowance(owner: string, spender: string): Promise<bigint>;
  approve(spender: string, amount: bigint): Promise<ContractTransactionResponse>;
  nonces(owner: string): Promise<bigint>;
  DOMAIN_SEPARATOR(): Promise<string>;
  getAddress(): Promise<string>;
}

const ABI = [
  "function name() view returns (string)",
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
  "function balanceOf(address account) view returns (uint256)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function approve(address spender, uint256 amount) returns (bool)",
  "function nonces(address owner) view returns (uint256)",
  "function DOMAIN_SEPARATOR() view returns (bytes32)",
];

/** An ERC-20 reward token at `address` (the bundled token, a stablecoin, …), through `runner`. */
export function rewardToken(address: string, runner: ContractRunner): RewardToken {
  return new Contract(address, ABI, runner) as unknown as RewardToken;
}
