// Package kv is the key/value service of the 6.824 "RPC and threads" lecture note, over Go's net/rpc:
// the anchor that LabRpc's own TCP transport is measured against.
package kv

const (
	OK       = "OK"
	ErrNoKey = "ErrNoKey"
)

type Err string

type PutArgs struct {
	Key   string
	Value string
}

type PutReply struct {
	Err Err
}

type GetArgs struct {
	Key string
}

type GetReply struct {
	Err   Err
	Value string
}
