package parser

import (
	"math"
	"strconv"
	"strings"
)

// WriteJSON writes v to b as compact JSON: what ARM's string() and json()
// and Bicep's string() make of arrays and objects. Nesting deeper than 64
// is written as null; writing stops once b holds more than limit bytes
// (limit <= 0: no limit). An unknown value or a reference is written as its
// source text, quoted.
func WriteJSON(b *strings.Builder, v *Value, limit int) {
	writeJSON(b, v, limit, 0)
}

func writeJSON(b *strings.Builder, v *Value, limit, depth int) {
	if limit > 0 && b.Len() > limit {
		return
	}
	if v == nil || depth > 64 {
		b.WriteString("null")
		return
	}
	switch v.Kind {
	case KindNull:
		b.WriteString("null")
	case KindBool:
		b.WriteString(strconv.FormatBool(v.Bool))
	case KindNumber:
		b.WriteString(NumberText(v.Num))
	case KindString:
		b.WriteString(strconv.Quote(v.Str))
	case KindArray:
		b.WriteByte('[')
		for i, it := range v.Items {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, it, limit, depth+1)
		}
		b.WriteByte(']')
	case KindObject:
		b.WriteByte('{')
		for i, f := range v.Fields {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(f.Key))
			b.WriteByte(':')
			writeJSON(b, f.Value, limit, depth+1)
		}
		b.WriteByte('}')
	default:
		b.WriteString(strconv.Quote(v.Text()))
	}
}

// NumberText formats a number as templates print it: integers without a
// fraction, others in the shortest form.
func NumberText(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e18 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
