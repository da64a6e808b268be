package parser

import "testing"

func TestEqual(t *testing.T) {
	r := Range{}
	obj := func(kv ...any) *Value {
		var fs []*Field
		for i := 0; i < len(kv); i += 2 {
			fs = append(fs, &Field{Key: kv[i].(string), Value: kv[i+1].(*Value)})
		}
		return ObjectValue(fs, r)
	}
	arr := func(vs ...*Value) *Value { return ArrayValue(vs, r) }
	s := func(x string) *Value { return StrValue(x, r) }
	tests := []struct {
		name string
		a, b *Value
		fold bool
		want bool
	}{
		{"strings", s("a"), s("a"), false, true},
		{"case differs", s("Owner"), s("owner"), false, false},
		{"case folded", s("Owner"), s("owner"), true, true},
		{"number and string", NumValue(1, r), s("1"), false, false},
		{"null", NullValue(r), NullValue(r), false, true},
		{"arrays in order", arr(s("a"), BoolValue(true, r)), arr(s("a"), BoolValue(true, r)), false, true},
		{"arrays out of order", arr(s("a"), s("b")), arr(s("b"), s("a")), false, false},
		{"objects in any order", obj("x", s("1"), "y", NumValue(2, r)), obj("y", NumValue(2, r), "x", s("1")), false, true},
		{"object keys by Get", obj("Name", s("kv")), obj("name", s("kv")), false, true},
		{"object sizes", obj("x", s("1")), obj("x", s("1"), "y", s("2")), false, false},
		{"nested fold", obj("r", arr(s("Reader"))), obj("r", arr(s("READER"))), true, true},
		{"unknowns are never equal", UnknownValue("parameters('x')", r), UnknownValue("parameters('x')", r), false, false},
		{"references are never equal", RefValue("kv", "id", r), RefValue("kv", "id", r), false, false},
		{"nil", nil, s("a"), false, false},
	}
	for _, tc := range tests {
		if got := Equal(tc.a, tc.b, tc.fold); got != tc.want {
			t.Errorf("%s: Equal = %v, want %v", tc.name, got, tc.want)
		}
	}
}
