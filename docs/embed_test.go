package docs_test

import (
	"strings"
	"testing"

	"github.com/milint/milint/docs"
	"github.com/milint/milint/rules"
)

// Every bundled rule has its page once the rule pages exist, and the page
// names its rule.
func TestRulePages(t *testing.T) {
	cat, err := rules.CatalogErr()
	if err != nil {
		t.Fatal(err)
	}
	var have, missing []string
	for _, m := range cat {
		page, ok := docs.RulePage(m.ID)
		if !ok {
			missing = append(missing, m.ID)
			continue
		}
		have = append(have, m.ID)
		if !strings.Contains(string(page), m.ID) {
			t.Errorf("docs/rules/%s.md does not mention %s", m.ID, m.ID)
		}
	}
	if len(have) == 0 {
		t.Skip("no rule pages yet")
	}
	if len(missing) > 0 {
		t.Errorf("rules without a docs/rules page: %v", missing)
	}
	if _, ok := docs.RulePage("../embed.go"); ok {
		t.Error("RulePage serves files outside docs/rules")
	}
}
