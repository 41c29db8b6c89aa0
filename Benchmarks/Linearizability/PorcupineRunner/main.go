// Command porcupinerunner times Porcupine on history files, for scripts/bench-checker-go.sh, which builds it
// against a Porcupine checkout (not part of this repository) and prints its times beside LabRpc's.
//
//	porcupinerunner [-reps 5] [-nopartition] [-timeout 0] file...
//
// Per file, one line: "<file> <best ms> <median ms> <verdict>", the verdict being ok, illegal or unknown (timeout), after
// untimed checks for a second (at least one).
// Files: Jepsen etcd logs (*.log; Porcupine's etcd model, as its benchmarks), and KV histories (*.txt): Porcupine's
// own (line numbers as times, as its benchmarks read them) or LabRpc's (:time on every event, :old on appends, :info
// for an unknown outcome). An operation whose outcome is unknown returns at the end of the history with an output the
// model accepts (Porcupine's way: it may take effect at any point after its call, and at the end is as good as never).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/anishathalye/porcupine"
)

type etcdInput struct {
	op   uint8 // 0 read, 1 write, 2 cas
	arg1 int
	arg2 int
}

type etcdOutput struct {
	ok      bool
	exists  bool
	value   int
	unknown bool
}

// The etcd model of Porcupine's tests (a compare-and-set register), with the state hashed.
var etcdModel = porcupine.Model{
	Init: func() interface{} { return -1000000 },
	Step: func(state, input, output interface{}) (bool, interface{}) {
		st := state.(int)
		in := input.(etcdInput)
		out := output.(etcdOutput)
		switch in.op {
		case 0:
			return (!out.exists && st == -1000000) || (out.exists && st == out.value) || out.unknown, state
		case 1:
			return true, in.arg1
		default:
			ok := (in.arg1 == st && out.ok) || (in.arg1 != st && !out.ok) || out.unknown
			if in.arg1 == st {
				return ok, in.arg2
			}
			return ok, st
		}
	},
	Hash: func(state interface{}) uint64 { return uint64(state.(int)) },
}

type kvInput struct {
	op    uint8 // 0 get, 1 put, 2 append
	key   string
	value string
}

type kvOutput struct {
	value   string
	old     bool // an append whose old value was recorded: value is it
	unknown bool
}

func kvStep(st string, in kvInput, out kvOutput) (bool, string) {
	switch in.op {
	case 0:
		return out.unknown || out.value == st, st
	case 1:
		return true, in.value
	default:
		return out.unknown || !out.old || out.value == st, st + in.value
	}
}

func fnvHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// The KV model of Porcupine's tests (one key's value, partitioned by key, state hashed), with the old value of an
// append checked when recorded and unknown outcomes accepted.
var kvModel = porcupine.Model{
	Partition: func(history []porcupine.Operation) [][]porcupine.Operation {
		m := map[string][]porcupine.Operation{}
		for _, op := range history {
			k := op.Input.(kvInput).key
			m[k] = append(m[k], op)
		}
		return groups(m)
	},
	PartitionEvent: func(history []porcupine.Event) [][]porcupine.Event {
		m := map[string][]porcupine.Event{}
		keyOf := map[int]string{}
		for _, e := range history {
			if e.Kind == porcupine.CallEvent {
				keyOf[e.Id] = e.Value.(kvInput).key
			}
			k := keyOf[e.Id]
			m[k] = append(m[k], e)
		}
		var parts [][]porcupine.Event
		for _, p := range m {
			parts = append(parts, p)
		}
		return parts
	},
	Init: func() interface{} { return "" },
	Step: func(state, input, output interface{}) (bool, interface{}) {
		return kvStep(state.(string), input.(kvInput), output.(kvOutput))
	},
	Hash: func(state interface{}) uint64 { return fnvHash(state.(string)) },
}

// The same over the whole store, unpartitioned (Porcupine's kvNoPartitionModel).
var kvNoPartitionModel = porcupine.Model{
	Init: func() interface{} { return map[string]string{} },
	Step: func(state, input, output interface{}) (bool, interface{}) {
		st := state.(map[string]string)
		in := input.(kvInput)
		ok, next := kvStep(st[in.key], in, output.(kvOutput))
		if in.op == 0 || !ok {
			return ok, state
		}
		st2 := make(map[string]string, len(st)+1)
		for k, v := range st {
			st2[k] = v
		}
		st2[in.key] = next
		return true, st2
	},
	Equal: func(a, b interface{}) bool {
		s1, s2 := a.(map[string]string), b.(map[string]string)
		if len(s1) != len(s2) {
			return false
		}
		for k, v := range s1 {
			if w, ok := s2[k]; !ok || w != v {
				return false
			}
		}
		return true
	},
	Hash: func(state interface{}) uint64 {
		var h uint64
		for k, v := range state.(map[string]string) {
			h ^= fnvHash(k + "\x00" + v)
		}
		return h
	},
}

func groups(m map[string][]porcupine.Operation) [][]porcupine.Operation {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([][]porcupine.Operation, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, m[k])
	}
	return parts
}

var (
	jepsenLine = regexp.MustCompile(`^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:(read|write|cas)\s+(.*)$`)
	casArgs    = regexp.MustCompile(`^\[(\d+)\s+(\d+)\]$`)
)

// readJepsen reads an etcd log as events, as Porcupine's tests do: a timed-out read returns where it timed out, an
// operation that never completes returns at the end, both with an output any state accepts.
func readJepsen(path string) ([]porcupine.Event, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var events []porcupine.Event
	pending := map[int]int{}
	id := 0
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		m := jepsenLine.FindStringSubmatch(strings.TrimRight(scanner.Text(), " \t"))
		if m == nil {
			continue
		}
		proc, _ := strconv.Atoi(m[1])
		kind, fn, arg := m[2], m[3], m[4]
		switch {
		case kind == "invoke":
			in := etcdInput{}
			switch fn {
			case "write":
				in.op = 1
				in.arg1, _ = strconv.Atoi(arg)
			case "cas":
				c := casArgs.FindStringSubmatch(arg)
				if c == nil {
					continue
				}
				in.op = 2
				in.arg1, _ = strconv.Atoi(c[1])
				in.arg2, _ = strconv.Atoi(c[2])
			}
			events = append(events, porcupine.Event{ClientId: proc, Kind: porcupine.CallEvent, Value: in, Id: id})
			pending[proc] = id
			id++
		case kind == "ok" || (kind == "fail" && (fn == "cas" || arg == ":timed-out")):
			match, ok := pending[proc]
			if !ok {
				continue
			}
			delete(pending, proc)
			out := etcdOutput{}
			switch {
			case fn == "read" && kind == "fail":
				out.unknown = true
			case fn == "read" && arg != "nil":
				out.exists = true
				out.value, _ = strconv.Atoi(arg)
			case fn == "cas":
				out.ok = kind == "ok"
			}
			events = append(events, porcupine.Event{ClientId: proc, Kind: porcupine.ReturnEvent, Value: out, Id: match})
		}
	}
	procs := make([]int, 0, len(pending))
	for p := range pending {
		procs = append(procs, p)
	}
	sort.Ints(procs)
	for _, p := range procs {
		events = append(events, porcupine.Event{ClientId: p, Kind: porcupine.ReturnEvent, Value: etcdOutput{unknown: true}, Id: pending[p]})
	}
	return events, scanner.Err()
}

var (
	ednField = regexp.MustCompile(`:(\w+) ("(?:[^"\\]|\\.)*"|:?[\w.-]+)`)
)

func unquote(s string) string {
	if !strings.HasPrefix(s, `"`) {
		return s
	}
	var b strings.Builder
	for i := 1; i < len(s)-1; i++ {
		if s[i] == '\\' && i+1 < len(s)-1 {
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// readKv reads a KV history (Porcupine's format, or LabRpc's with :time, :old and :info) as operations.
func readKv(path string) ([]porcupine.Operation, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var ops []*porcupine.Operation
	pending := map[int]int{}
	line := 0
	var end int64
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 1<<20), 1<<30)
	for scanner.Scan() {
		line++
		text := strings.TrimSpace(scanner.Text())
		if text == "" || strings.HasPrefix(text, ";") {
			continue
		}
		fields := map[string]string{}
		for _, m := range ednField.FindAllStringSubmatch(text, -1) {
			fields[m[1]] = m[2]
		}
		proc, _ := strconv.Atoi(fields["process"])
		t := int64(line)
		if s, ok := fields["time"]; ok {
			t, _ = strconv.ParseInt(s, 10, 64)
		}
		if t > end {
			end = t
		}
		var op uint8
		switch fields["f"] {
		case ":put":
			op = 1
		case ":append":
			op = 2
		}
		switch fields["type"] {
		case ":invoke":
			in := kvInput{op: op, key: unquote(fields["key"])}
			if op != 0 {
				in.value = unquote(fields["value"])
			}
			pending[proc] = len(ops)
			ops = append(ops, &porcupine.Operation{ClientId: proc, Input: in, Call: t, Output: kvOutput{unknown: true}, Return: -1})
		case ":ok":
			i := pending[proc]
			delete(pending, proc)
			out := kvOutput{}
			if op == 0 {
				if v := fields["value"]; v != "nil" {
					out.value = unquote(v)
				}
			} else if old, ok := fields["old"]; ok && op == 2 {
				out.value, out.old = unquote(old), true
			}
			ops[i].Output, ops[i].Return = out, t
		case ":fail":
			ops[pending[proc]] = nil
			delete(pending, proc)
		case ":info":
			delete(pending, proc)
		}
	}
	var history []porcupine.Operation
	for _, op := range ops {
		if op == nil {
			continue
		}
		if op.Return < 0 {
			op.Return = end + 1
		}
		history = append(history, *op)
	}
	return history, scanner.Err()
}

func main() {
	reps := flag.Int("reps", 5, "timed checks per file (after one untimed warm-up check)")
	noPartition := flag.Bool("nopartition", false, "check KV histories without partitioning by key")
	timeout := flag.Duration("timeout", 0, "give up on a check after this long (0: never); the verdict is then unknown")
	together := flag.String("together", "", "time all files checked one after another as one input of this name")
	flag.Parse()
	type input struct {
		name  string
		check func() porcupine.CheckResult
	}
	var inputs []input
	for _, path := range flag.Args() {
		var check func() porcupine.CheckResult
		if strings.HasSuffix(path, ".log") {
			events, err := readJepsen(path)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			check = func() porcupine.CheckResult { return porcupine.CheckEventsTimeout(etcdModel, events, *timeout) }
		} else {
			history, err := readKv(path)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			model := kvModel
			if *noPartition {
				model = kvNoPartitionModel
			}
			check = func() porcupine.CheckResult { return porcupine.CheckOperationsTimeout(model, history, *timeout) }
		}
		inputs = append(inputs, input{path, check})
	}
	if *together != "" {
		each := inputs
		inputs = []input{{*together, func() porcupine.CheckResult {
			worst := porcupine.Ok
			for _, in := range each {
				switch r := in.check(); {
				case r == porcupine.Unknown || worst == porcupine.Unknown:
					worst = porcupine.Unknown
				case r == porcupine.Illegal:
					worst = porcupine.Illegal
				}
			}
			return worst
		}}}
	}
	status := 0
	for _, in := range inputs {
		path, check := in.name, in.check
		// Untimed checks for a second (at least one), as LabRpc's side does to let its JIT settle.
		verdict := check()
		for warm := time.Now(); time.Since(warm) < time.Second && verdict != porcupine.Unknown; {
			verdict = check()
		}
		times := make([]float64, 0, *reps)
		for i := 0; i < *reps && verdict != porcupine.Unknown; i++ {
			start := time.Now()
			verdict = check()
			times = append(times, float64(time.Since(start).Microseconds())/1000)
		}
		sort.Float64s(times)
		best, median := -1.0, -1.0
		if len(times) > 0 {
			best, median = times[0], times[len(times)/2]
		}
		name := map[porcupine.CheckResult]string{porcupine.Ok: "ok", porcupine.Illegal: "illegal", porcupine.Unknown: "unknown"}[verdict]
		fmt.Printf("%s %.2f %.2f %s\n", path, best, median, name)
		if verdict == porcupine.Unknown {
			status = 1
		}
	}
	os.Exit(status)
}
