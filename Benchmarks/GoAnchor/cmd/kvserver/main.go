// Command kvserver runs the lecture note's KV server (net/rpc over TCP) until it is killed.
package main

import (
	"flag"
	"fmt"
	"os"

	"labrpc/goanchor/kv"
)

func main() {
	addr := flag.String("addr", ":1234", "the address to listen on (the note's is :1234)")
	flag.Parse()
	l := kv.Server(*addr)
	fmt.Fprintf(os.Stderr, "kvserver: listening on %s\n", l.Addr())
	select {}
}
