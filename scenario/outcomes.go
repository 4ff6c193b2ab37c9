package scenario

// outcomes checks the named outcomes; the expressions are compiled by
// package outcome against the scenario's actors and ladder.
func (c *checker) outcomes() {
	for _, name := range c.s.Outcomes.Keys {
		if !nameRE.MatchString(name) || len(name) > maxIDLength {
			c.errAt(c.s.Outcomes.Pos[name], "outcome name %q must be letters, digits, '_' and '-'", name)
		}
		src := *c.s.Outcomes.Values[name]
		if len(src) > MaxExprLength {
			c.errf("outcomes."+name, "outcome %q: expression is %d characters; the limit is %d", name, len(src), MaxExprLength)
		}
	}
}
