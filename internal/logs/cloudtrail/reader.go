package cloudtrail

import (
	"bufio"
	"bytes"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/valyala/fastjson"
)

// Options tune Read.
type Options struct {
	// Workers parse blocks in parallel; 0 means GOMAXPROCS-1 (at least
	// 1), since the reading and the detections take a core of their own.
	Workers int
	// Want selects the events whose parameters and response are kept.
	Want Filter
	// KeepRaw keeps every record's JSON in Record.Raw (for Sigma rules).
	KeepRaw bool
	// MaxSamples bounds Stats.Samples; 0 means 5.
	MaxSamples int
}

// Stats counts what Read saw.
type Stats struct {
	Records   int // well-formed records
	Malformed int
	Samples   []Malformed // the first few malformed records
}

// Malformed is a record that could not be read.
type Malformed struct {
	Loc Loc
	Err string
}

// Read streams the CloudTrail records of r, read from file, and calls fn
// for each in input order. The record and its strings are valid only
// during the call. Malformed records are counted; the error is for input
// that cannot be read on at all (I/O errors, truncated or unbalanced JSON,
// a record over 32 MB), and comes with the stats of what was read before.
func Read(r io.Reader, file string, opt Options, fn func(*Record)) (Stats, error) {
	if opt.Workers <= 0 {
		opt.Workers = max(runtime.GOMAXPROCS(0)-1, 1)
	}
	if opt.MaxSamples <= 0 {
		opt.MaxSamples = 5
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(64 << 10)
	sp := &splitter{r: br, shape: detectShape(head)}
	var sc *scanner
	if sp.shape != shapeLines {
		sc = newScanner(sp.shape)
	}

	ordered, wait, readErr := pipeline(sp, sc, opt)
	var st Stats
	for b := range ordered {
		<-b.done
		st.consume(b, file, opt.MaxSamples, fn)
		b.ar.release()
		putRecs(b.recs)
	}
	wait()
	return st, *readErr
}

// pipeline starts the splitter and the parsing workers. Blocks come out of
// ordered in input order; each is ready once its done channel is closed.
// The read error is set before ordered is closed.
func pipeline(sp *splitter, sc *scanner, opt Options) (ordered chan *block, wait func(), readErr *error) {
	work := make(chan *block, opt.Workers)
	ordered = make(chan *block, 2*opt.Workers)
	readErr = new(error)
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var p fastjson.Parser
			for b := range work {
				b.parse(&p, opt)
				if b.shape == shapeLines {
					putBuf(b.data[:0])
				}
				b.data = nil
				close(b.done)
			}
		}()
	}
	go func() {
		defer close(ordered)
		defer close(work)
		for {
			var b *block
			if sc != nil {
				b, *readErr = sp.nextObjects(sc)
			} else {
				b, *readErr = sp.nextLines()
			}
			if b == nil || *readErr != nil {
				return
			}
			b.done = make(chan struct{})
			ordered <- b
			work <- b
		}
	}()
	return ordered, wg.Wait, readErr
}

// consume hands a parsed block's records to fn, numbering them.
func (st *Stats) consume(b *block, file string, maxSamples int, fn func(*Record)) {
	base := st.Records + st.Malformed
	bi := 0
	for i := range b.recs {
		r := &b.recs[i]
		for bi < len(b.bad) && b.bad[bi].ord < r.Loc.Index {
			st.malformed(b.bad[bi], base, file, maxSamples)
			bi++
		}
		r.Loc.File = file
		r.Loc.Index += base
		st.Records++
		fn(r)
	}
	for ; bi < len(b.bad); bi++ {
		st.malformed(b.bad[bi], base, file, maxSamples)
	}
}

func (st *Stats) malformed(b badRecord, base int, file string, maxSamples int) {
	st.Malformed++
	if len(st.Samples) < maxSamples {
		st.Samples = append(st.Samples, Malformed{Loc: Loc{File: file, Index: base + b.ord, Line: b.line}, Err: b.err})
	}
}

// errText keeps a parse error's reason and drops the piece of input
// fastjson quotes after it: a broken record can hold credentials.
func errText(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "; unparsed tail")
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return msg
}

var recPool = sync.Pool{New: func() any { return []Record(nil) }}

func getRecs() []Record { return recPool.Get().([]Record)[:0] }

func putRecs(r []Record) {
	clear(r)           // drop the references to the arena
	recPool.Put(r[:0]) //nolint:staticcheck // a slice header is small enough
}

// parse decodes every record of the block.
func (b *block) parse(p *fastjson.Parser, opt Options) {
	ord := 0
	one := func(data []byte, line int) {
		b.recs = append(b.recs, Record{})
		r := &b.recs[len(b.recs)-1]
		if err := decode(p, &b.ar, data, opt.Want, opt.KeepRaw, r); err != nil {
			b.recs = b.recs[:len(b.recs)-1]
			b.bad = append(b.bad, badRecord{ord: ord, line: line, err: errText(err)})
		} else {
			r.Loc = Loc{Index: ord, Line: line}
		}
		ord++
	}
	if b.shape != shapeLines {
		b.recs = getRecs()
		for _, s := range b.spans {
			one(b.data[s.start:s.end], s.line)
		}
		return
	}
	b.recs = getRecs()
	data, line := b.data, b.line
	for len(data) > 0 {
		line++
		l, rest, _ := bytes.Cut(data, []byte{'\n'})
		data = rest
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		one(l, line)
	}
}
