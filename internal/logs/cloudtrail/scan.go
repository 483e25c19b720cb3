package cloudtrail

import (
	"bytes"
	"fmt"
)

// scanner finds the objects at one nesting depth of a JSON stream without
// decoding it: it follows strings, escapes and brackets only. Records of a
// JSON array are at depth 1, those of {"Records": [...]} at depth 2, and
// concatenated objects at depth 0.
type scanner struct {
	target int
	depth  int
	inStr  bool
	esc    bool
	pos    int // next byte of splitter.buf to look at
	start  int // start of the record being scanned, or -1
	sline  int // its line
	line   int // line of buf[pos], from 1
}

func newScanner(sh shape) *scanner {
	t := map[shape]int{shapeArray: 1, shapeRecords: 2, shapeObjects: 0}[sh]
	return &scanner{target: t, start: -1, line: 1}
}

// scan advances over buf, appending the spans of complete records.
func (sc *scanner) scan(buf []byte, spans []span) ([]span, error) {
	for i := sc.pos; i < len(buf); i++ {
		c := buf[i]
		if sc.inStr {
			if sc.esc {
				sc.esc = false
				continue
			}
			// Jump to the next byte that can end the string.
			j := bytes.IndexAny(buf[i:], "\"\\\n")
			if j < 0 {
				i = len(buf) - 1
				continue
			}
			i += j
			switch buf[i] {
			case '\\':
				sc.esc = true
			case '"':
				sc.inStr = false
			case '\n':
				sc.line++
			}
			continue
		}
		switch c {
		case '\n':
			sc.line++
		case '"':
			sc.inStr = true
		case '{', '[':
			if sc.depth == sc.target && c == '{' {
				sc.start, sc.sline = i, sc.line
			}
			sc.depth++
		case '}', ']':
			sc.depth--
			if sc.depth < 0 {
				return spans, fmt.Errorf("line %d: unbalanced %q", sc.line, c)
			}
			if sc.depth == sc.target && c == '}' && sc.start >= 0 {
				spans = append(spans, span{sc.start, i + 1, sc.sline})
				sc.start = -1
			}
		}
	}
	sc.pos = len(buf)
	return spans, nil
}

// nextObjects returns the next block of whole records of a structured
// shape, or nil at the end.
func (s *splitter) nextObjects(sc *scanner) (*block, error) {
	var spans []span
	for {
		var err error
		spans, err = sc.scan(s.buf, spans)
		if err != nil {
			return nil, err
		}
		if len(spans) > 0 && (spans[len(spans)-1].end >= blockSize || s.eof) {
			return s.cut(sc, spans), nil
		}
		if s.eof {
			if sc.start >= 0 || sc.inStr || sc.depth > 0 {
				return nil, fmt.Errorf("line %d: truncated record", sc.line)
			}
			return nil, nil
		}
		if sc.start >= 0 && sc.pos-sc.start > maxRecord {
			return nil, fmt.Errorf("line %d: %w", sc.sline, errTooLarge)
		}
		if sc.start < 0 && len(spans) == 0 {
			// Nothing to keep: drop what was scanned.
			s.buf = s.buf[:0]
			sc.pos = 0
		}
		if err := s.fill(); err != nil {
			return nil, err
		}
	}
}

// cut moves the complete records into a block of their own and keeps the
// rest of the buffer for the next one.
func (s *splitter) cut(sc *scanner, spans []span) *block {
	first, last := spans[0].start, spans[len(spans)-1].end
	b := &block{shape: sc.shapeOf(), data: make([]byte, last-first), spans: spans}
	copy(b.data, s.buf[first:last])
	for i := range b.spans {
		b.spans[i].start -= first
		b.spans[i].end -= first
	}
	keep := sc.pos
	if sc.start >= 0 {
		keep = sc.start
		sc.start = 0
	}
	rest := s.buf[keep:]
	s.buf = make([]byte, len(rest), max(len(rest)+blockSize, 2*blockSize))
	copy(s.buf, rest)
	sc.pos -= keep
	return b
}

func (sc *scanner) shapeOf() shape {
	switch sc.target {
	case 1:
		return shapeArray
	case 2:
		return shapeRecords
	}
	return shapeObjects
}
