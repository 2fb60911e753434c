extension Totals {
    /// Percent change of PV against the previous period (12.5 = +12.5 %).
    ///
    /// Nil when not compared or the previous PV is 0: the rule of ``WorkplaceSummary/pvChangePct``.
    public var pvChangePct: Double? {
        guard let previous, previous.pv > 0 else { return nil }
        return Double(pv - previous.pv) / Double(previous.pv) * 100
    }

    /// Percent change of user-days against the previous period; nil when not compared or the previous
    /// value is 0.
    public var uvDaysChangePct: Double? {
        guard let previous, previous.uvDays > 0 else { return nil }
        return Double(uvDays - previous.uvDays) / Double(previous.uvDays) * 100
    }
}
