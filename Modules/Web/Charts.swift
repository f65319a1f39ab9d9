/// Charts drawn by the node as inline SVG: no script, no external resource, printable. Every label is escaped, and
/// every figure drawn is also in the page's table beside the chart.
enum Charts {
    /// Two bars a month — this year and last — for months 1 through `values.count`.
    static func monthlyBars(
        this: [Int64],
        last: [Int64],
        legend: (this: String, last: String),
        monthLabel: (Int) -> String,
        format: (Int64) -> String
    ) -> String {
        let width = 720
        let height = 240
        let top = 28
        let bottom = 30
        let left = 12
        let plot = height - top - bottom
        let months = max(1, this.count)
        let slot = Double(width - 2 * left) / Double(months)
        let peak = max(1, (this + last).max() ?? 1)
        var svg = Self.open(width, height, title: "\(legend.this) / \(legend.last)")
        svg += "<rect class=\"this\" x=\"\(left)\" y=\"6\" width=\"12\" height=\"12\"/>"
        svg += "<text x=\"\(left + 18)\" y=\"16\">\(escape(legend.this))</text>"
        svg += "<rect class=\"last\" x=\"\(left + 150)\" y=\"6\" width=\"12\" height=\"12\"/>"
        svg += "<text x=\"\(left + 168)\" y=\"16\">\(escape(legend.last))</text>"
        for month in 0..<months {
            let x = Double(left) + slot * Double(month)
            let bar = max(4, slot * 0.34)
            for (index, series) in [this, last].enumerated() {
                let value = month < series.count ? series[month] : 0
                let barHeight = Double(plot) * Double(value) / Double(peak)
                let y = Double(top) + Double(plot) - barHeight
                let barX = x + slot * 0.14 + Double(index) * (bar + 2)
                svg += "<rect class=\"\(index == 0 ? "this" : "last")\" x=\"\(f(barX))\" y=\"\(f(y))\" "
                svg += "width=\"\(f(bar))\" height=\"\(f(barHeight))\"><title>\(escape(format(value)))</title></rect>"
                if index == 0, value > 0 {
                    svg += "<text x=\"\(f(barX))\" y=\"\(f(y - 3))\">\(escape(format(value)))</text>"
                }
            }
            svg +=
                "<text class=\"muted\" x=\"\(f(x + slot * 0.2))\" y=\"\(height - 10)\">\(escape(monthLabel(month + 1)))</text>"
        }
        return svg + "</svg>"
    }

    /// A funnel: one centred bar a stage, as wide as the projects that reached it, with the conversion beside.
    static func funnel(_ stages: [(label: String, reached: Int, conversion: String)]) -> String {
        let width = 720
        let row = 30
        let height = row * max(1, stages.count) + 10
        let labelWidth = 110
        let plot = Double(width - labelWidth - 120)
        let peak = Double(max(1, stages.map(\.reached).max() ?? 1))
        var svg = Self.open(width, height, title: "funnel")
        for (index, stage) in stages.enumerated() {
            let y = 5 + index * row
            let barWidth = max(2, plot * Double(stage.reached) / peak)
            let x = Double(labelWidth) + (plot - barWidth) / 2
            svg += "<text x=\"4\" y=\"\(y + 19)\">\(escape(stage.label))</text>"
            svg += "<rect class=\"bar\" x=\"\(f(x))\" y=\"\(y + 3)\" width=\"\(f(barWidth))\" height=\"\(row - 6)\"/>"
            svg +=
                "<text x=\"\(f(Double(labelWidth) + plot / 2 - 8))\" y=\"\(y + 19)\" class=\"on-bar\">\(stage.reached)</text>"
            svg += "<text class=\"muted\" x=\"\(f(Double(labelWidth) + plot + 10))\" y=\"\(y + 19)\">"
            svg += "\(escape(stage.conversion))</text>"
        }
        return svg + "</svg>"
    }

    static func open(_ width: Int, _ height: Int, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" "
            + "height=\"\(height)\" role=\"img\" aria-label=\"\(escape(title))\">"
    }

    /// Text made safe for XML content and attribute values.
    static func escape(_ text: String) -> String {
        // The five are ASCII, so a UTF-8 byte that is one of them is that character; most names have none.
        guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) else {
            return text
        }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// A coordinate with one decimal.
    static func f(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(tenths / 10))" : "\(tenths / 10)"
    }
}
