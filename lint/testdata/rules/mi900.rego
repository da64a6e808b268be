# METADATA
# title: Placeholder rule for engine tests
# description: Fires on resources whose properties.flag is false.
# related_resources:
#   - ref: https://example.invalid/docs/rules/MI900.md
# custom:
#   id: MI900
#   slug: test-flag
#   severity: warning
#   remediation: Set flag to true.
package milint.rules.mi900

# The path reported is properties.want when set (tests drive location
# resolution with it), else properties.flag.
deny contains f if {
	some r in input.resources
	r.properties.flag == false
	f := {"msg": sprintf("%s has flag false", [r.id]), "resource": r.id, "path": object.get(r.properties, "want", "properties.flag")}
}

# A rule-supplied location.
deny contains f if {
	some r in input.resources
	is_object(r.properties.loc)
	f := {"msg": "explicit loc", "resource": r.id, "path": "", "loc": r.properties.loc}
}

# A grant-based location.
deny contains f if {
	some i, g in input.grants
	g.via == "accessPolicy"
	f := {"msg": sprintf("grant %d", [i]), "resource": g.resource, "path": "", "grant": i}
}
