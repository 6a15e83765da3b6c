// cdktf's jest matchers in vitest (owned by the stacks work).
export {};
