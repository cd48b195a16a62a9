/** A dataset-relative POSIX path as it is, or undefined where it is not one (absolute, `.`/`..`/empty segment, `\`, NUL). */
export declare function checkedPath(path: string): string | undefined;
