// Package model is the provider-neutral description of a serverless
// application: functions, identities and their policy statements, triggers,
// APIs and data stores. Every value records where it came from, so that a
// check reports a value and its location comes with it.
package model

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Location is a position in an input file. Line and Column are 1-based; a
// zero Line means the value has no position of its own (for example a value
// the loader defaulted), in which case File may still name the file.
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// IsZero reports whether the location names nothing.
func (l Location) IsZero() bool { return l.File == "" && l.Line == 0 }

func (l Location) String() string {
	switch {
	case l.File == "":
		return "-"
	case l.Line == 0:
		return l.File
	case l.Column == 0:
		return l.File + ":" + strconv.Itoa(l.Line)
	}
	return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Column)
}

// Origin says how a value got its content.
type Origin uint8

const (
	// Unset means the input did not give the value and no default applies.
	Unset Origin = iota
	// Explicit means the input gave the value.
	Explicit
	// Defaulted means the platform default applies (the location is that of
	// the enclosing resource).
	Defaulted
	// Unresolved means the input gave an expression that cannot be evaluated
	// statically (an import, a parameter without a value, an attribute known
	// only after deployment); Symbol describes it.
	Unresolved
)

func (o Origin) String() string {
	switch o {
	case Explicit:
		return "explicit"
	case Defaulted:
		return "default"
	case Unresolved:
		return "unresolved"
	}
	return "unset"
}

// MarshalText makes origins readable in JSON output.
func (o Origin) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Value is a scalar with its location and origin.
type Value[T any] struct {
	V      T        `json:"value"`
	Loc    Location `json:"location"`
	Origin Origin   `json:"origin"`
	// Symbol describes an unresolved value, e.g. "the ARN of resource
	// OrdersTable". RefTarget names the resource the value refers to, or
	// the template parameter or variable it was taken from.
	Symbol    string `json:"symbol,omitempty"`
	RefTarget string `json:"ref,omitempty"`
}

// String is a string value with provenance.
type String = Value[string]

// Int is an integer value with provenance.
type Int = Value[int]

// Bool is a boolean value with provenance.
type Bool = Value[bool]

// Set reports whether the value was given explicitly or resolved from the
// input (defaults and unset values are not "set").
func (v Value[T]) Set() bool { return v.Origin == Explicit }

// Known reports whether the value's content is known statically: explicit
// or defaulted.
func (v Value[T]) Known() bool { return v.Origin == Explicit || v.Origin == Defaulted }

// Text renders a value for a message: the value itself, or its symbol when
// unresolved.
func (v Value[T]) Text() string {
	if v.Origin == Unresolved && v.Symbol != "" {
		return v.Symbol
	}
	return fmt.Sprint(v.V)
}

// Str builds an explicit string value.
func Str(s string, loc Location) String { return String{V: s, Loc: loc, Origin: Explicit} }

// MarshalJSON writes an unset value as null and others with their
// location and origin.
func (v Value[T]) MarshalJSON() ([]byte, error) {
	if v.Origin == Unset {
		return []byte("null"), nil
	}
	type plain Value[T]
	return json.Marshal(plain(v))
}
