/** The indexer's answers, as the dashboard reads them (amounts are decimal strings). */

export interface TokenInfo {
  address: string;
  symbol: string;
  decimals: number;
}

export interface DeploymentInfo {
  chainId: number;
  addresses: {
    token: string;
    datasets: string;
    models: string;
    vault: string;
    vaults: { token: string; vault: string }[];
    fromBlock: number;
  };
  tokens: TokenInfo[];
}

export interface EarningsLine {
  token: string;
  dataset: string;
  points: { timestamp: string; block: string; earned: string }[];
}

export interface AccountView {
  account: string;
  asOf: { number: string; timestamp: string };
  tokens: { token: string; claimed: string; owed: string; claimable: string; earned: string }[];
  datasets: {
    id: string;
    status: string;
    metadataURI: string;
    provisionalUntil: string;
    payableFrom: string;
    openDispute: { openedAt: string; evidenceURI: string } | null;
    disputes: { status: string }[];
    slots: { index: number; shares: string; totalShares: string }[];
    models: {
      id: string;
      metadataURI: string;
      weight: string;
      totalWeight: string;
      parent: string | null;
      ancestors: string[];
    }[];
  }[];
  payments: {
    token: string;
    amount: string;
    timestamp: string;
    transaction: string;
    path: {
      fedBy: { model: string; forwarded: string }[];
      model: string;
      dataset: string;
      weight: string;
      totalWeight: string;
      index: number;
      shares: string;
      totalShares: string;
    };
  }[];
  history: EarningsLine[];
}
