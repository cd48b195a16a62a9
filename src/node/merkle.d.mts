/** A file's StandardMerkleTree leaf: keccak256(keccak256(abi.encode(path, size, sha256))). */
export declare function leafHash(path: string, size: number, sha256: Uint8Array): Uint8Array;
/** The StandardMerkleTree root over the given 32-byte leaves (n × 32 bytes, any order). */
export declare function merkleRoot(leaves: Uint8Array): Uint8Array;
/** `leafHash`, written to out[at .. at + 32) (no allocation). */
export declare function leafHashInto(path: string, size: number, sha256: Uint8Array, out: Uint8Array, at: number): void;
/** keccak256(data) written to out[at .. at + 32), without allocating (one reused sponge). */
export declare function keccakInto(data: Uint8Array, out: Uint8Array, at: number): void;
