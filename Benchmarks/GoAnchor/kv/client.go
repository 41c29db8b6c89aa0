package kv

import (
	"fmt"
	"net/rpc"
)

//
// Client
//
// The note's client: every call dials, calls and closes. Two changes: the address is a parameter, and
// the key and value are the ones given (the note always sends "subject" and "6.824"). Errors are returned
// instead of ending the process (the note calls log.Fatal), so that the load generator can count them.
//

func connect(addr string) (*rpc.Client, error) {
	client, err := rpc.Dial("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("dialing: %w", err)
	}
	return client, nil
}

// DialGet is the note's get: dial, call KV.Get, close.
func DialGet(addr string, key string) (GetReply, error) {
	client, err := connect(addr)
	if err != nil {
		return GetReply{}, err
	}
	defer client.Close()
	args := GetArgs{key}
	reply := GetReply{}
	err = client.Call("KV.Get", &args, &reply)
	return reply, err
}

// DialPut is the note's put: dial, call KV.Put, close.
func DialPut(addr string, key string, val string) (PutReply, error) {
	client, err := connect(addr)
	if err != nil {
		return PutReply{}, err
	}
	defer client.Close()
	args := PutArgs{key, val}
	reply := PutReply{}
	err = client.Call("KV.Put", &args, &reply)
	return reply, err
}
