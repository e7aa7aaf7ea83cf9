package aggregate

// ForgetFacts empties the kept facts, for benchmarks of a first 汇总.
func ForgetFacts() { factsCache = newFactsCache() }
