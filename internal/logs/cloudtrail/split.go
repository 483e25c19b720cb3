package cloudtrail

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Sizes of the blocks the input is cut into. A block is the unit of
// parallel work; records longer than maxRecord are rejected so that a
// hostile file cannot make the reader buffer without bound.
const (
	blockSize = 1 << 20
	maxRecord = 32 << 20
)

// shape is how records are laid out in a file.
type shape int

const (
	shapeLines   shape = iota // NDJSON
	shapeArray                // [ {...}, ... ]
	shapeRecords              // {"Records": [ {...}, ... ]}
	shapeObjects              // {...} {...}, pretty-printed or concatenated
)

// span is one record's bytes inside a block, with its first line.
type span struct{ start, end, line int }

// block is a piece of input holding whole records only.
type block struct {
	data  []byte
	shape shape
	// spans lists the records of non-line shapes; line-shaped blocks are
	// split by the worker, starting at line.
	spans []span
	line  int
	// Filled by the worker.
	recs []Record
	bad  []badRecord
	ar   arena
	done chan struct{}
}

type badRecord struct {
	ord  int // position among the block's records
	line int
	err  string
}

// bufPool recycles the buffers of line-shaped blocks: they are dropped as
// soon as the block is parsed, since records copy what they keep.
var bufPool = sync.Pool{New: func() any { return make([]byte, 0, 2*blockSize) }}

func getBuf(n int) []byte {
	if n > 2*blockSize {
		return make([]byte, 0, n)
	}
	return bufPool.Get().([]byte)[:0]
}

func putBuf(b []byte) {
	if cap(b) == 2*blockSize {
		bufPool.Put(b[:0]) //nolint:staticcheck // a slice header is small enough
	}
}

var errTooLarge = fmt.Errorf("record larger than %d MB", maxRecord>>20)

// detectShape looks at the start of the input. head holds at least the
// first line, or all of the input when it is shorter.
func detectShape(head []byte) shape {
	b := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(b) == 0 {
		return shapeLines
	}
	if b[0] == '[' {
		return shapeArray
	}
	if b[0] != '{' {
		return shapeLines
	}
	rest := bytes.TrimLeft(b[1:], " \t\r\n")
	if after, ok := bytes.CutPrefix(rest, []byte(`"Records"`)); ok {
		after = bytes.TrimLeft(after, " \t\r\n")
		if len(after) > 0 && after[0] == ':' {
			return shapeRecords
		}
	}
	first, _, _ := bytes.Cut(b, []byte{'\n'})
	first = bytes.TrimRight(first, " \t\r")
	if len(first) > 1 && first[len(first)-1] == '}' {
		return shapeLines
	}
	return shapeObjects
}

// splitter cuts a stream into blocks.
type splitter struct {
	r     io.Reader
	shape shape
	buf   []byte // unconsumed input
	eof   bool
	line  int // line number of buf[0]
}

// fill reads more input, growing buf when it holds a partial record.
func (s *splitter) fill() error {
	if s.eof {
		return nil
	}
	if cap(s.buf)-len(s.buf) < blockSize/2 {
		nb := make([]byte, len(s.buf), max(2*cap(s.buf), len(s.buf)+blockSize))
		copy(nb, s.buf)
		s.buf = nb
	}
	n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
	s.buf = s.buf[:len(s.buf)+n]
	if errors.Is(err, io.EOF) {
		s.eof = true
		return nil
	}
	return err
}

// nextLines returns the next block of whole lines, or nil at the end.
func (s *splitter) nextLines() (*block, error) {
	for {
		if s.eof && len(s.buf) == 0 {
			return nil, nil
		}
		cut := bytes.LastIndexByte(s.buf, '\n')
		if s.eof && len(s.buf) > 0 {
			cut = len(s.buf) - 1
		}
		if cut >= 0 && (len(s.buf) >= blockSize || s.eof) {
			b := &block{shape: shapeLines, line: s.line, data: s.buf[:cut+1]}
			rest := s.buf[cut+1:]
			s.buf = getBuf(len(rest) + blockSize)[:len(rest)]
			copy(s.buf, rest)
			s.line += bytes.Count(b.data, []byte{'\n'})
			return b, nil
		}
		if cut < 0 && len(s.buf) > maxRecord {
			return nil, fmt.Errorf("line %d: %w", s.line+1, errTooLarge)
		}
		if err := s.fill(); err != nil {
			return nil, err
		}
	}
}
