package arm

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/milint/milint/parser"
)

// show renders an expression tree compactly for comparison.
func show(x *Expr) string {
	if x == nil {
		return "<nil>"
	}
	switch x.Kind {
	case exString:
		return fmt.Sprintf("%q", x.Name)
	case exInt:
		return fmt.Sprint(x.Int)
	case exMember:
		return show(x.X) + "." + x.Name
	case exIndex:
		return show(x.X) + "[" + show(x.Index) + "]"
	case exCall:
		var args []string
		for _, a := range x.Args {
			args = append(args, show(a))
		}
		n := x.Name
		if x.Namespace != "" {
			n = x.Namespace + "." + n
		}
		return n + "(" + strings.Join(args, ",") + ")"
	}
	return "?"
}

func TestParseExpression(t *testing.T) {
	tests := []struct{ src, want string }{
		{"parameters('a')", `parameters("a")`},
		{" concat( 'a' , 'b''c' ) ", `concat("a","b'c")`},
		{"mod(80, -4)", "mod(80,-4)"},
		{"reference(resourceId('T/x', 'n'), '2020', 'Full').identity.principalId", `reference(resourceId("T/x","n"),"2020","Full").identity.principalId`},
		{"variables('m')['key'][0]", `variables("m")["key"][0]`},
		{"ns.fn(1)", "ns.fn(1)"},
		{"ns . fn ( )", "ns.fn()"},
		{"utcNow()", "utcNow()"},
		{"listKeys(x(), '1').keys[0].value", `listKeys(x(),"1").keys[0].value`},
		{"''", `""`},
		{"a(b(c(d())))", "a(b(c(d())))"},
		{"concat('a',\u00a0'b')", `concat("a","b")`},
	}
	for _, tc := range tests {
		x, err := ParseExpression(tc.src, 0)
		if err != nil {
			t.Errorf("%s: %v", tc.src, err)
			continue
		}
		if got := show(x); got != tc.want {
			t.Errorf("%s: got %s want %s", tc.src, got, tc.want)
		}
		if x.Start < 0 || x.End > len(tc.src) {
			t.Errorf("%s: bad offsets %d-%d", tc.src, x.Start, x.End)
		}
	}
}

func TestParseExpressionErrors(t *testing.T) {
	tests := []struct {
		src    string
		offset int
		msg    string
	}{
		{"", 0, "empty expression"},
		{"concat('a'", 0, "unterminated call"},
		{"concat('a", 7, "unterminated string literal"},
		{"concat('a' 'b')", 11, "expected ',' or ')'"},
		{"foo", 3, "expected '('"},
		{"data.x.y", 4, "expected '('"},
		{"f().", 4, "expected a property name"},
		{"f()[1", 5, "expected ']'"},
		{"f() g()", 4, "after the expression"},
		{"1.5", 1, "no decimal numbers"},
		{"-x", 0, "expected digits"},
		{"f(,)", 2, "unexpected ','"},
		{"99999999999999999999", 0, "out of range"},
	}
	for _, tc := range tests {
		_, err := ParseExpression(tc.src, 0)
		if err == nil {
			t.Errorf("%q: no error", tc.src)
			continue
		}
		if err.Offset != tc.offset || !strings.Contains(err.Msg, tc.msg) {
			t.Errorf("%q: got %d %q, want %d %q", tc.src, err.Offset, err.Msg, tc.offset, tc.msg)
		}
	}
	deep := strings.Repeat("f(", 300) + strings.Repeat(")", 300)
	if _, err := ParseExpression(deep, 100); err == nil || !strings.Contains(err.Msg, "too deep") {
		t.Errorf("deep: %v", err)
	}
}

const evalTemplate = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": {
    "name": { "type": "string", "defaultValue": "kv1" },
    "noDefault": { "type": "string" },
    "list": { "type": "array", "defaultValue": [ "a", "b", "c" ] },
    "obj": { "type": "object", "defaultValue": { "k": "v", "n": { "x": 1 } } },
    "flag": { "type": "bool", "defaultValue": true },
    "derived": { "type": "string", "defaultValue": "[concat(parameters('name'), '-d')]" }
  },
  "variables": {
    "v1": "[toUpper(parameters('name'))]",
    "v2": { "nested": "[variables('v1')]" },
    "copy": [ { "name": "items", "count": 3, "input": "[concat('i', copyIndex('items', 1))]" } ]
  },
  "resources": [
    { "type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01", "name": "[parameters('name')]" },
    { "type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01", "name": "[parameters('noDefault')]" },
    { "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "sa1" },
    { "type": "Microsoft.ManagedIdentity/userAssignedIdentities", "apiVersion": "2023-01-31", "name": "[concat(parameters('noDefault'), '-id')]" }
  ]
}`

type evalEnv struct {
	st *loadState
	ev *evaluator
}

func newEvalEnv(t testing.TB, tmpl string) *evalEnv {
	t.Helper()
	root, diags := ParseJSON("t.json", []byte(tmpl), 0)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	l := NewLoader(parser.Options{})
	st := newLoadState(l, &parser.Unit{})
	ev := newEvaluator(st, "t.json", "")
	ev.declare(root)
	st.collectTemplate(ev, root, "", "", "")
	st.finishAll()
	return &evalEnv{st: st, ev: ev}
}

func (env *evalEnv) eval(s string) *parser.Value {
	r := parser.Range{File: "t.json", Start: parser.Pos{Line: 1, Column: 1}, End: parser.Pos{Line: 1, Column: 1 + len(s) + 2}}
	return env.ev.evalString(parser.StrValue(s, r))
}

func doc(v *parser.Value) string {
	b, _ := json.Marshal(v.Document())
	return string(b)
}

func TestEvaluate(t *testing.T) {
	env := newEvalEnv(t, evalTemplate)
	tests := []struct{ expr, want string }{
		{"[parameters('name')]", `"kv1"`},
		{"[PARAMETERS('NAME')]", `"kv1"`},
		{"[parameters('derived')]", `"kv1-d"`},
		{"[parameters('noDefault')]", `{"unknown":"[parameters('noDefault')]"}`},
		{"[variables('v1')]", `"KV1"`},
		{"[variables('v2').nested]", `"KV1"`},
		{"[variables('items')]", `["i1","i2","i3"]`},
		{"[concat('a', 'b', 1)]", `"ab1"`},
		{"[concat(createArray(1), createArray(2, 3))]", `[1,2,3]`},
		{"[concat('x', parameters('noDefault'))]", `{"unknown":"[concat('x', parameters('noDefault'))]"}`},
		{"[format('{0}-{1}-{{x}}-{2:D3}', 'a', 'b', 7)]", `"a-b-{x}-007"`},
		{"[if(parameters('flag'), 'yes', 'no')]", `"yes"`},
		{"[if(equals(1, 2), 'yes', 'no')]", `"no"`},
		{"[if(equals(parameters('noDefault'), 'a'), 'yes', 'no')]", `{"unknown":"[if(equals(parameters('noDefault'), 'a'), 'yes', 'no')]"}`},
		{"[equals(parameters('obj'), json('{\"k\":\"v\",\"n\":{\"x\":1}}'))]", `true`},
		{"[not(true())]", `false`},
		{"[and(true(), false())]", `false`},
		{"[and(true(), true())]", `true`},
		{"[or(false(), true())]", `true`},
		{"[or(parameters('noDefault'), true())]", `true`},
		{"[and(parameters('noDefault'), true())]", `{"unknown":"[and(parameters('noDefault'), true())]"}`},
		{"[less(1, 2)]", `true`},
		{"[lessOrEquals(2, 2)]", `true`},
		{"[greater('b', 'a')]", `true`},
		{"[greaterOrEquals(1, 2)]", `false`},
		{"[toLower('AbC')]", `"abc"`},
		{"[toUpper('AbC')]", `"ABC"`},
		{"[replace('a-b-c', '-', '+')]", `"a+b+c"`},
		{"[split('a,b;c', createArray(',', ';'))]", `["a","b","c"]`},
		{"[join(parameters('list'), '/')]", `"a/b/c"`},
		{"[substring('hello', 1, 3)]", `"ell"`},
		{"[substring('hello', 10, 3)]", `{"unknown":"[substring('hello', 10, 3)]"}`},
		{"[string(42)]", `"42"`},
		{"[string(true())]", `"True"`},
		{"[string(parameters('obj'))]", `"{\"k\":\"v\",\"n\":{\"x\":1}}"`},
		{"[int('12')]", `12`},
		{"[bool('true')]", `true`},
		{"[bool(0)]", `false`},
		{"[json('{\"a\": [1, 2]}').a[1]]", `2`},
		{"[json('null')]", `null`},
		{"[createArray('a', 1)]", `["a",1]`},
		{"[createObject('a', 1, 'b', 'x')]", `{"a":1,"b":"x"}`},
		{"[union(parameters('obj'), createObject('k', 'w'))]", `{"k":"w","n":{"x":1}}`},
		{"[union(parameters('list'), createArray('c', 'd'))]", `["a","b","c","d"]`},
		{"[contains(parameters('list'), 'b')]", `true`},
		{"[contains('hello', 'ell')]", `true`},
		{"[contains(parameters('obj'), 'K')]", `true`},
		{"[empty('')]", `true`},
		{"[empty(parameters('list'))]", `false`},
		{"[length(parameters('list'))]", `3`},
		{"[length('héllo')]", `5`},
		{"[first(parameters('list'))]", `"a"`},
		{"[last(parameters('list'))]", `"c"`},
		{"[last('abc')]", `"c"`},
		{"[coalesce(null(), null(), 'x')]", `"x"`},
		{"[coalesce(parameters('noDefault'), 'x')]", `{"unknown":"[coalesce(parameters('noDefault'), 'x')]"}`},
		{"[trim('  a  ')]", `"a"`},
		{"[tryGet(parameters('obj'), 'n', 'x')]", `1`},
		{"[tryGet(parameters('obj'), 'missing')]", `null`},
		{"[true()]", `true`},
		{"[false()]", `false`},
		{"[null()]", `null`},
		{"[add(1, mul(2, 3))]", `7`},
		{"[mod(80, -4)]", `0`},
		{"[div(7, 0)]", `{"unknown":"[div(7, 0)]"}`},
		{"[range(1, 3)]", `[1,2,3]`},
		{"[objectKeys(parameters('obj'))]", `["k","n"]`},
		{"[parameters('list')[1]]", `"b"`},
		{"[parameters('obj')['n'].x]", `1`},
		{"[parameters('obj').missing]", `{"unknown":"[parameters('obj').missing]"}`},
		{"[resourceGroup().id]", `"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}"`},
		{"[resourceGroup().location]", `"{location}"`},
		{"[resourceGroup().name]", `"{resourceGroupName}"`},
		{"[resourceGroup().tags]", `{"unknown":"[resourceGroup().tags]"}`},
		{"[subscription().id]", `"/subscriptions/{subscriptionId}"`},
		{"[subscription().subscriptionId]", `"{subscriptionId}"`},
		{"[subscription().tenantId]", `"{tenantId}"`},
		{"[tenant().tenantId]", `"{tenantId}"`},
		{"[managementGroup().id]", `"/providers/Microsoft.Management/managementGroups/{managementGroupName}"`},
		{"[deployment().name]", `"{deploymentName}"`},
		{"[deployment().properties.templateLink.uri]", `{"unknown":"[deployment().properties.templateLink.uri]"}`},
		{"[environment().suffixes.keyvaultDns]", `".vault.azure.net"`},
		{"[deployer().objectId]", `{"path":"objectId","ref":"deployer"}`},
		{"[resourceId('Microsoft.KeyVault/vaults', parameters('name'))]", `{"path":"id","ref":"Microsoft.KeyVault/vaults/kv1"}`},
		{"[resourceId('Microsoft.KeyVault/vaults', 'KV1')]", `{"path":"id","ref":"Microsoft.KeyVault/vaults/kv1"}`},
		{"[resourceId('Microsoft.KeyVault/vaults', parameters('noDefault'))]", `{"path":"id","ref":"Microsoft.KeyVault/vaults/[parameters('noDefault')]"}`},
		{"[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', format('{0}-id', parameters('noDefault')))]", `{"path":"id","ref":"Microsoft.ManagedIdentity/userAssignedIdentities/[concat(parameters('noDefault'), '-id')]"}`},
		{"[resourceId('Microsoft.KeyVault/vaults', 'other')]", `"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.KeyVault/vaults/other"`},
		{"[resourceId('rg2', 'Microsoft.KeyVault/vaults/secrets', 'other', 's')]", `"/subscriptions/{subscriptionId}/resourceGroups/rg2/providers/Microsoft.KeyVault/vaults/other/secrets/s"`},
		{"[resourceId('sub', 'rg2', 'Microsoft.KeyVault/vaults', 'other')]", `"/subscriptions/sub/resourceGroups/rg2/providers/Microsoft.KeyVault/vaults/other"`},
		{"[resourceId('Microsoft.KeyVault/vaults', parameters('missing'))]", `{"unknown":"[resourceId('Microsoft.KeyVault/vaults', parameters('missing'))]"}`},
		{"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')]", `"/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6"`},
		{"[tenantResourceId('Microsoft.Authorization/roleDefinitions', 'g')]", `"/providers/Microsoft.Authorization/roleDefinitions/g"`},
		{"[managementGroupResourceId('Microsoft.Authorization/roleDefinitions', 'g')]", `"/providers/Microsoft.Management/managementGroups/{managementGroupName}/providers/Microsoft.Authorization/roleDefinitions/g"`},
		{"[extensionResourceId('/subscriptions/s', 'Microsoft.Authorization/locks', 'l')]", `"/subscriptions/s/providers/Microsoft.Authorization/locks/l"`},
		{"[reference(resourceId('Microsoft.Storage/storageAccounts', 'sa1')).primaryEndpoints.blob]", `{"path":"properties.primaryEndpoints.blob","ref":"Microsoft.Storage/storageAccounts/sa1"}`},
		{"[reference(resourceId('Microsoft.Storage/storageAccounts', 'sa1'), '2023-01-01', 'Full').identity.principalId]", `{"path":"identity.principalId","ref":"Microsoft.Storage/storageAccounts/sa1"}`},
		{"[reference('sa1').x]", `{"path":"properties.x","ref":"Microsoft.Storage/storageAccounts/sa1"}`},
		{"[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', concat(parameters('noDefault'), '-id'))).principalId]", `{"path":"properties.principalId","ref":"Microsoft.ManagedIdentity/userAssignedIdentities/[concat(parameters('noDefault'), '-id')]"}`},
		{"[reference('elsewhere').x]", `{"unknown":"[reference('elsewhere').x]"}`},
		{"[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'sa1'), '2023-01-01').keys[0].value]", `{"path":"listKeys().keys[0].value","ref":"Microsoft.Storage/storageAccounts/sa1"}`},
		{"[listkeys(resourceId('Microsoft.Storage/storageAccounts', 'sa1'), '2023-01-01')]", `{"path":"listKeys()","ref":"Microsoft.Storage/storageAccounts/sa1"}`},
		{"[concat('DefaultEndpointsProtocol=https;AccountKey=', listKeys(resourceId('Microsoft.Storage/storageAccounts', 'sa1'), '2023-01-01').keys[0].value)]",
			`{"refs":[{"path":"listKeys().keys[0].value","ref":"Microsoft.Storage/storageAccounts/sa1"}],"unknown":"[concat('DefaultEndpointsProtocol=https;AccountKey=', listKeys(resourceId('Microsoft.Storage/storageAccounts', 'sa1'), '2023-01-01').keys[0].value)]"}`},
		{"[copyIndex()]", `{"unknown":"[copyIndex()]"}`},
		{"[newGuid()]", `{"unknown":"[newGuid()]"}`},
		{"[utcNow()]", `{"unknown":"[utcNow()]"}`},
		{"[someFutureFunction(1)]", `{"unknown":"[someFutureFunction(1)]"}`},
		{"[myns.fn('a')]", `{"unknown":"[myns.fn('a')]"}`},
		{"[[not an expression]", `"[not an expression]"`},
		{"plain", `"plain"`},
		{"[startsWith('Hello', 'he')]", `true`},
		{"[indexOf('abc', 'C')]", `2`},
		{"[padLeft('7', 3, '0')]", `"007"`},
		{"[take(parameters('list'), 2)]", `["a","b"]`},
		{"[skip('abc', 1)]", `"bc"`},
		{"[base64('hi')]", `"aGk="`},
		{"[base64ToString('aGk=')]", `"hi"`},
		{"[uri('https://x/a/b', 'c')]", `"https://x/a/c"`},
		{"[min(3, 1, 2)]", `1`},
		{"[max(createArray(3, 1, 2))]", `3`},
		{"[intersection(createArray(1, 2, 3), createArray(2, 3, 4))]", `[2,3]`},
		{"[array('a')]", `["a"]`},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			v := env.eval(tc.expr)
			if got := doc(v); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if v.Range.Start.Line != 1 || v.Range.File != "t.json" {
				t.Errorf("result range %v", v.Range)
			}
		})
	}
	if len(env.st.diags) != 0 {
		t.Errorf("diagnostics: %v", env.st.diags)
	}
}

func TestGUIDAndUniqueString(t *testing.T) {
	env := newEvalEnv(t, evalTemplate)
	guidRe := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	g1, _ := env.eval("[guid('a', resourceGroup().id)]").String()
	g2, _ := env.eval("[guid('a', resourceGroup().id)]").String()
	g3, _ := env.eval("[guid('b', resourceGroup().id)]").String()
	if !guidRe.MatchString(g1) || g1 != g2 || g1 == g3 {
		t.Errorf("guid: %q %q %q", g1, g2, g3)
	}
	u1, _ := env.eval("[uniqueString(resourceGroup().id)]").String()
	if len(u1) != 13 || strings.ToLower(u1) != u1 {
		t.Errorf("uniqueString %q", u1)
	}
	// guid of a unit resource's id stays known; of an unknown, unknown.
	if v := env.eval("[guid(resourceId('Microsoft.KeyVault/vaults', parameters('name')))]"); v.Kind != parser.KindString {
		t.Errorf("guid(resourceId) = %s", doc(v))
	}
	if v := env.eval("[guid(parameters('noDefault'))]"); v.Kind != parser.KindUnknown {
		t.Errorf("guid(unknown) = %s", doc(v))
	}
	if v := env.eval("[uniqueString(parameters('noDefault'))]"); v.Kind != parser.KindUnknown {
		t.Errorf("uniqueString(unknown) = %s", doc(v))
	}
	// Generated values stay known strings but are marked Generated, also
	// when a string is built from one; plain literals are not.
	for _, tc := range []struct {
		expr string
		gen  bool
	}{
		{"[uniqueString(resourceGroup().id)]", true},
		{"[guid('a')]", true},
		{"[concat('otc', uniqueString(resourceGroup().id))]", true},
		{"[toUpper(substring(uniqueString('x'), 0, 6))]", true},
		{"[format('P{0}!', guid('a'))]", true},
		{"[concat('otc', 'literal')]", false},
		{"[toLower('ABC')]", false},
	} {
		v := env.eval(tc.expr)
		if v.Kind != parser.KindString || v.Generated != tc.gen {
			t.Errorf("%s: kind %v generated %v, want string generated %v", tc.expr, v.Kind, v.Generated, tc.gen)
		}
	}
}

func TestExpressionDiagnostics(t *testing.T) {
	tests := []struct{ s, want string }{
		{"[concat('a', 'b']", "t.json:1:1: invalid expression: unterminated call of concat"},
		{"[concat('a]", "t.json:1:1: invalid expression: unterminated string literal"},
		{"[concat('a', 'b')", "t.json:1:1: unterminated expression"},
		{"[]", "t.json:1:1: invalid expression: empty expression"},
	}
	for _, tc := range tests {
		env := newEvalEnv(t, evalTemplate)
		v := env.eval(tc.s)
		if len(env.st.diags) != 1 {
			t.Errorf("%s: diagnostics %v", tc.s, env.st.diags)
			continue
		}
		if got := env.st.diags[0].Error(); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: got %q want %q", tc.s, got, tc.want)
		}
		if v == nil {
			t.Errorf("%s: nil value", tc.s)
		}
	}
	// No diagnostic for literals that merely look like brackets.
	env := newEvalEnv(t, evalTemplate)
	for _, s := range []string{"[test] value", "[ not a call", "[[escaped]"} {
		env.eval(s)
	}
	if len(env.st.diags) != 0 {
		t.Errorf("literal strings: %v", env.st.diags)
	}
}
