// Command kvload drives the lecture note's KV server: N clients, each doing Put and Get in turn on a few keys,
// for a fixed time after a warm-up. It prints one line:
//
//	go clients=16 conn=persistent seconds=5.0 ops=260000 ops/s=52000 p50_us=290.1 p99_us=1100.4 errors=0
//
// conn=persistent: each client has its own rpc.Client (one TCP connection) for the whole run.
// conn=per-call: each call dials, calls and closes, as the note's client does.
// Latency is measured around each call (with the dial and close in per-call mode); only calls started after the
// warm-up count. The exit status is 1 when any call failed.
package main

import (
	"flag"
	"fmt"
	"math"
	"math/rand"
	"net/rpc"
	"os"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"labrpc/goanchor/kv"
)

const (
	warmingUp int32 = iota
	measuring
	stopping
)

type result struct {
	latencies []time.Duration
	errors    int
	firstErr  error
}

func main() {
	addr := flag.String("addr", "127.0.0.1:1234", "the server's address")
	clients := flag.Int("clients", 1, "concurrent clients")
	seconds := flag.Float64("seconds", 5, "how long to measure, after the warm-up")
	warmup := flag.Float64("warmup", 1, "seconds of load before measuring")
	keys := flag.Int("keys", 4, "how many keys the clients share")
	perCall := flag.Bool("dial-per-call", false, "dial, call and close for every call, as the note's client does")
	seed := flag.Int64("seed", 1, "seed of the clients' key choices")
	wait := flag.Duration("wait", 5*time.Second, "how long to wait for the server to accept connections")
	flag.Parse()
	if *clients < 1 || *seconds <= 0 || *warmup < 0 || *keys < 1 {
		fmt.Fprintln(os.Stderr, "kvload: -clients and -keys must be at least 1, -seconds above 0 and -warmup not below 0")
		os.Exit(2)
	}

	if err := waitForServer(*addr, *wait); err != nil {
		fmt.Fprintf(os.Stderr, "kvload: no server at %s after %v (%v); start one with: kvserver -addr %s\n", *addr, *wait, err, *addr)
		os.Exit(2)
	}

	keyNames := make([]string, *keys)
	for i := range keyNames {
		keyNames[i] = "k" + strconv.Itoa(i)
	}

	// Persistent clients connect before the load starts: the dial is not part of what is measured.
	conns := make([]*rpc.Client, *clients)
	if !*perCall {
		for i := range conns {
			c, err := rpc.Dial("tcp", *addr)
			if err != nil {
				fmt.Fprintf(os.Stderr, "kvload: client %d could not connect to %s: %v\n", i, *addr, err)
				os.Exit(1)
			}
			conns[i] = c
		}
	}

	var phase int32 = warmingUp
	results := make([]result, *clients)
	var wg sync.WaitGroup
	for i := 0; i < *clients; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			run(id, *addr, conns[id], keyNames, rand.New(rand.NewSource(*seed+int64(id))), &phase, &results[id])
		}(i)
	}

	time.Sleep(time.Duration(*warmup * float64(time.Second)))
	atomic.StoreInt32(&phase, measuring)
	start := time.Now()
	time.Sleep(time.Duration(*seconds * float64(time.Second)))
	atomic.StoreInt32(&phase, stopping)
	elapsed := time.Since(start)
	wg.Wait()
	for _, c := range conns {
		if c != nil {
			c.Close()
		}
	}

	var all []time.Duration
	errors := 0
	var firstErr error
	for _, r := range results {
		all = append(all, r.latencies...)
		errors += r.errors
		if firstErr == nil {
			firstErr = r.firstErr
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	mode := "persistent"
	if *perCall {
		mode = "per-call"
	}
	fmt.Printf("go clients=%d conn=%s seconds=%.1f ops=%d ops/s=%.0f p50_us=%.1f p99_us=%.1f errors=%d\n",
		*clients, mode, elapsed.Seconds(), len(all), float64(len(all))/elapsed.Seconds(),
		micros(percentile(all, 0.50)), micros(percentile(all, 0.99)), errors)
	if errors > 0 {
		fmt.Fprintf(os.Stderr, "kvload: %d calls failed; the first: %v\n", errors, firstErr)
		os.Exit(1)
	}
	if len(all) == 0 {
		fmt.Fprintln(os.Stderr, "kvload: no call finished while measuring; the figures above mean nothing")
		os.Exit(1)
	}
}

// run is one client: Put and Get in turn, each on a key drawn from rng, until the phase is stopping.
// A persistent client stops at its first failed call (its connection is broken).
func run(id int, addr string, conn *rpc.Client, keys []string, rng *rand.Rand, phase *int32, r *result) {
	value := "6.824-" + strconv.Itoa(id)
	for i := 0; ; i++ {
		p := atomic.LoadInt32(phase)
		if p == stopping {
			return
		}
		key := keys[rng.Intn(len(keys))]
		began := time.Now()
		var err error
		if i%2 == 0 {
			err = put(addr, conn, key, value)
		} else {
			err = get(addr, conn, key)
		}
		took := time.Since(began)
		if err != nil {
			r.errors++
			if r.firstErr == nil {
				r.firstErr = fmt.Errorf("client %d: %w", id, err)
			}
			if conn != nil {
				return
			}
			continue
		}
		if p == measuring {
			r.latencies = append(r.latencies, took)
		}
	}
}

func put(addr string, conn *rpc.Client, key, value string) error {
	var reply kv.PutReply
	var err error
	if conn == nil {
		reply, err = kv.DialPut(addr, key, value)
	} else {
		err = conn.Call("KV.Put", &kv.PutArgs{Key: key, Value: value}, &reply)
	}
	if err == nil && reply.Err != kv.OK {
		err = fmt.Errorf("KV.Put answered %q", reply.Err)
	}
	return err
}

func get(addr string, conn *rpc.Client, key string) error {
	var reply kv.GetReply
	var err error
	if conn == nil {
		reply, err = kv.DialGet(addr, key)
	} else {
		err = conn.Call("KV.Get", &kv.GetArgs{Key: key}, &reply)
	}
	if err == nil && reply.Err != kv.OK && reply.Err != kv.ErrNoKey {
		err = fmt.Errorf("KV.Get answered %q", reply.Err)
	}
	return err
}

// waitForServer dials until a connection succeeds or the time is up (the server may still be starting).
func waitForServer(addr string, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		c, err := rpc.Dial("tcp", addr)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// percentile is the nearest-rank percentile of sorted latencies; 0 when there are none.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p * float64(len(sorted))))
	if rank < 1 {
		rank = 1
	}
	return sorted[rank-1]
}

func micros(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
