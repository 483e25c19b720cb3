package cli

import (
	"io"
	"os"
)

// isTerminal reports whether w is a character device (a terminal), so that
// colour and progress are used only there.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil {
		return false
	}
	return st.Mode()&os.ModeCharDevice != 0
}
