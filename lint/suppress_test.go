package lint

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/milint/milint/parser"
)

func TestParseSuppressions(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		rules   []string
		reason  string
		until   string
		target  int
		problem string // substring; "" = well formed
	}{
		{"own line bicep", "// milint:ignore MI201 migrating in Q3\nresource kv 'x' = {", []string{"MI201"}, "migrating in Q3", "", 2, ""},
		{"own line tf", "  # milint:ignore MI201 legacy vault\n  enable_rbac_authorization = false", []string{"MI201"}, "legacy vault", "", 2, ""},
		{"end of line", "  enableRbacAuthorization: false // milint:ignore MI201 legacy", []string{"MI201"}, "legacy", "", 1, ""},
		{"several rules", "# milint:ignore MI201,MI202 both known\nx = 1", []string{"MI201", "MI202"}, "both known", "", 2, ""},
		{"several rules spaced", "# milint:ignore MI201, mi202 both known\nx = 1", []string{"MI201", "MI202"}, "both known", "", 2, ""},
		{"until", "// milint:ignore MI201 until=2027-03-01 migrating\nx", []string{"MI201"}, "migrating", "2027-03-01", 2, ""},
		{"block comment", "/* milint:ignore MI102 purge needed by the backup job */\nx", []string{"MI102"}, "purge needed by the backup job", "", 2, ""},
		{"skips comments and blanks", "// milint:ignore MI201 a\n\n// other comment\n# x\n  code", []string{"MI201"}, "a", "", 5, ""},
		{"no reason", "// milint:ignore MI201\nx", []string{"MI201"}, "", "", 2, "has no reason"},
		{"no reason after until", "// milint:ignore MI201 until=2027-03-01\nx", []string{"MI201"}, "", "2027-03-01", 2, "has no reason"},
		{"bad date", "// milint:ignore MI201 until=2027-13-01 x\nx", []string{"MI201"}, "x", "", 2, "malformed expiry"},
		{"no rule", "// milint:ignore because\nx", nil, "because", "", 2, "names no rule"},
		{"crlf", "// milint:ignore MI201 windows\r\nx\r\n", []string{"MI201"}, "windows", "", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sups := ParseSuppressions("f", []byte(tt.src))
			if len(sups) != 1 {
				t.Fatalf("%d suppressions, want 1", len(sups))
			}
			s := sups[0]
			if !reflect.DeepEqual(s.Rules, tt.rules) || s.Reason != tt.reason || s.Until != tt.until || s.Target != tt.target {
				t.Errorf("got rules %v reason %q until %q target %d; want %v %q %q %d", s.Rules, s.Reason, s.Until, s.Target, tt.rules, tt.reason, tt.until, tt.target)
			}
			if tt.problem == "" && s.Problem != "" || !strings.Contains(s.Problem, tt.problem) {
				t.Errorf("problem %q, want %q", s.Problem, tt.problem)
			}
			if s.Range.Start.Line < 1 || s.Range.Start.Column < 1 {
				t.Errorf("range %v", s.Range)
			}
		})
	}
	// The ARM metadata key inside a JSON string is not a comment.
	if sups := ParseSuppressions("t.json", []byte(`"metadata": {"milint:ignore": {"MI201": "x"}}`)); len(sups) != 0 {
		t.Errorf("metadata string taken for a comment: %+v", sups[0])
	}
	// A URL with // before the marker text is not a suppression.
	if sups := ParseSuppressions("t.bicep", []byte(`var u = 'https://x/milint:ignore'`)); len(sups) != 0 {
		t.Errorf("string taken for a comment: %+v", sups[0])
	}
}

// suppressionUnit is a Bicep-like file whose lines carry suppressions; the
// resources' flag values sit at the lines named.
const suppressionSrc = `resource a 'Test/things@2024-01-01' = {
  properties: {
    // milint:ignore MI900 accepted for the demo vault
    flag: false
  }
}
resource b 'Test/things@2024-01-01' = {
  properties: {
    // milint:ignore MI900
    flag: false
  }
}
resource c 'Test/things@2024-01-01' = {
  properties: {
    // milint:ignore MI900 until=2020-01-01 expired long ago
    flag: false
  }
}
// milint:ignore MI900 the whole resource is a sandbox
resource d 'Test/things@2024-01-01' = {
  properties: {
    flag: false
  }
}
resource e 'Test/things@2024-01-01' = {
  properties: {
    flag: false // milint:ignore MI900 end-of-line reason
  }
}
resource f 'Test/things@2024-01-01' = {
  properties: {
    // milint:ignore MI900 until=2099-12-31 not yet expired
    flag: false
  }
}
resource g 'Test/things@2024-01-01' = {
  properties: {
    // milint:ignore MI201 a different rule
    flag: false
  }
}
`

func flagRes(file, id string, declLine, flagLine int) *parser.Resource {
	r := res(file, id, declLine, field("flag", parser.BoolValue(false, rng(file, flagLine, 5))))
	r.Range.End.Line = declLine + 4
	return r
}

func TestInlineSuppressions(t *testing.T) {
	tree(t, map[string]string{"t.json": templateJSON})
	const f = "t.json"
	u := unit(f, nil,
		flagRes(f, "a", 1, 4), flagRes(f, "b", 7, 10), flagRes(f, "c", 13, 16), flagRes(f, "d", 20, 22),
		flagRes(f, "e", 25, 27), flagRes(f, "f", 30, 33), flagRes(f, "g", 36, 39))
	u.Sources[f] = []byte(suppressionSrc)
	fe := &frontEnds{arm: &fakeFE{units: map[string]func() (*parser.Unit, parser.Diagnostics){f: fixed(u)}}, classify: sniffJSON}
	sup := NewSuppressor(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), nil, "")
	r := run(t, Options{fe: fe, Suppress: sup.Hook})
	sup.Finish(r, nil)

	got := map[string]bool{}
	for _, x := range r.Findings {
		if x.Rule == "MI900" {
			got[x.Resource] = true
		}
	}
	// b: no reason; c: expired; g: names another rule.
	if want := map[string]bool{"b": true, "c": true, "g": true}; !reflect.DeepEqual(got, want) {
		t.Errorf("reported resources %v, want %v", got, want)
	}
	reasons := map[string]string{}
	for _, x := range r.Suppressed {
		reasons[x.Resource] = x.SuppressReason
	}
	wantReasons := map[string]string{"a": "accepted for the demo vault", "d": "the whole resource is a sandbox",
		"e": "end-of-line reason", "f": "not yet expired (until 2099-12-31)"}
	if !reflect.DeepEqual(reasons, wantReasons) {
		t.Errorf("suppressed %v, want %v", reasons, wantReasons)
	}
	if r.Summary.Suppressed != 4 {
		t.Errorf("summary suppressed %d, want 4", r.Summary.Suppressed)
	}
	// The suppression without a reason is reported itself, at the comment.
	var mi000 []Finding
	for _, x := range r.Findings {
		if x.Rule == "MI000" {
			mi000 = append(mi000, x)
		}
	}
	if len(mi000) != 1 || mi000[0].Range.Start.Line != 9 || mi000[0].Range.Start.Column != 8 ||
		!strings.Contains(mi000[0].Message, "has no reason") || mi000[0].Severity != SevWarning {
		t.Fatalf("MI000 findings %+v", mi000)
	}
	if r.Rules[0].ID != "MI000" {
		t.Errorf("MI000 not in the rules of the result: %v", r.Rules[0].ID)
	}
	if r.Summary.Findings != len(r.Findings) || r.Summary.Findings != 4 {
		t.Errorf("summary findings %d, findings %d, want 4", r.Summary.Findings, len(r.Findings))
	}
	// The expired one is named in a note with its file:line.
	var notes []string
	for _, d := range r.Notes {
		notes = append(notes, d.Error())
	}
	if len(notes) != 1 || !strings.HasPrefix(notes[0], "t.json:15:8: suppression of MI900 expired on 2020-01-01") {
		t.Errorf("notes %q", notes)
	}
	if r.ExitCode(SevWarning) != 1 {
		t.Errorf("exit %d, want 1", r.ExitCode(SevWarning))
	}
}

func TestARMMetadataSuppression(t *testing.T) {
	tree(t, map[string]string{"t.json": templateJSON})
	const f = "t.json"
	meta := func(rule, reason string, line int) *parser.Value {
		inner := parser.ObjectValue([]*parser.Field{field(rule, parser.StrValue(reason, rng(f, line, 30)))}, rng(f, line, 20))
		return parser.ObjectValue([]*parser.Field{field("milint:ignore", inner)}, rng(f, line, 10))
	}
	a, b, c := flagRes(f, "a", 2, 8), flagRes(f, "b", 20, 26), flagRes(f, "c", 40, 46)
	a.Metadata = meta("MI900", "managed by the platform team", 3)
	b.Metadata = meta("MI900", "", 21)
	c.Metadata = meta("MI900", "until=2020-01-01 old", 41)
	u := unit(f, nil, a, b, c)
	fe := &frontEnds{arm: &fakeFE{units: map[string]func() (*parser.Unit, parser.Diagnostics){f: fixed(u)}}, classify: sniffJSON}
	sup := NewSuppressor(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), nil, "")
	r := run(t, Options{fe: fe, Suppress: sup.Hook})
	sup.Finish(r, nil)
	if len(r.Suppressed) != 1 || r.Suppressed[0].Resource != "a" || r.Suppressed[0].SuppressReason != "managed by the platform team" {
		t.Fatalf("suppressed %+v", r.Suppressed)
	}
	var rules []string
	for _, x := range r.Findings {
		rules = append(rules, x.Rule+":"+x.Resource)
	}
	if !reflect.DeepEqual(rules, []string{"MI000:", "MI900:b", "MI900:c"}) {
		t.Errorf("findings %v", rules)
	}
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0].Summary, "expired on 2020-01-01") {
		t.Errorf("notes %v", r.Notes)
	}
}

func TestSuppressionExpiryBoundary(t *testing.T) {
	s := &Suppression{Until: "2027-03-01"}
	for day, want := range map[string]bool{"2027-02-28": false, "2027-03-01": false, "2027-03-02": true} {
		if s.expired(day) != want {
			t.Errorf("expired(%s) = %v, want %v", day, !want, want)
		}
	}
}

func FuzzParseSuppressions(f *testing.F) {
	f.Add([]byte(suppressionSrc))
	f.Add([]byte("x // milint:ignore MI1,MI2, MI3 until=2027-03-01 r */\n# milint:ignore\n/* milint:ignore MI9 until=x"))
	f.Add([]byte("milint:ignore MI201 r\n//milint:ignore\r\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := strings.Count(string(src), "\n") + 1
		for _, s := range ParseSuppressions("f", src) {
			if s.Range.Start.Line < 1 || s.Range.Start.Line > lines || s.Range.Start.Column < 1 || s.Range.End.Column < s.Range.Start.Column {
				t.Fatalf("range %+v", s.Range)
			}
			if s.Target < 0 || s.Target > lines {
				t.Fatalf("target %d of %d lines", s.Target, lines)
			}
			if s.Problem == "" && (len(s.Rules) == 0 || s.Reason == "") {
				t.Fatalf("well-formed suppression without rules or reason: %+v", s)
			}
		}
	})
}

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(fullConfig))
	f.Add([]byte("rules:\n  MI201: {enabled: false}\n"))
	f.Add([]byte("- a\n"))
	f.Add([]byte("exclude: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := ParseConfig(".milint.yaml", src)
		if err == nil && c == nil {
			t.Fatal("nil config without error")
		}
	})
}
