extension Charts {
    /// One link of a chain as a box of the industry map.
    struct ChainBox {
        let name: String
        let detail: String
        /// covered, missing, weak or extension: the box's class (and colour).
        let gap: String
    }

    /// A chain upstream to downstream: a column per position, a box per link coloured by its gap, arrows between
    /// the columns.
    static func chain(columns: [(title: String, boxes: [ChainBox])]) -> String {
        let boxWidth = 260
        let boxHeight = 48
        let gapX = 50
        let top = 34
        let rows = max(1, columns.map(\.boxes.count).max() ?? 1)
        let width = columns.count * boxWidth + (columns.count - 1) * gapX + 20
        let height = top + rows * (boxHeight + 12) + 6
        var svg = Self.open(width, height, title: columns.map(\.title).joined(separator: " → "))
        for (index, column) in columns.enumerated() {
            let x = 10 + index * (boxWidth + gapX)
            svg += "<text class=\"muted\" x=\"\(x)\" y=\"20\">\(escape(column.title))</text>"
            for (row, box) in column.boxes.enumerated() {
                let y = top + row * (boxHeight + 12)
                svg += "<rect class=\"link gap-\(escape(box.gap))\" x=\"\(x)\" y=\"\(y)\" width=\"\(boxWidth)\" "
                svg += "height=\"\(boxHeight)\" rx=\"4\"/>"
                svg +=
                    "<text x=\"\(x + 10)\" y=\"\(y + 20)\" class=\"strong\">\(escape(Self.clip(box.name, 18)))</text>"
                svg += "<text x=\"\(x + 10)\" y=\"\(y + 38)\">\(escape(Self.clip(box.detail, 22)))</text>"
            }
            if index + 1 < columns.count {
                let arrowX = x + boxWidth + 8
                let y = top + boxHeight / 2
                svg += "<path class=\"arrow\" d=\"M\(arrowX) \(y) h\(gapX - 16) m-6 -5 l6 5 l-6 5\"/>"
            }
        }
        return svg + "</svg>"
    }

    /// Horizontal bars with a label and a value text each, longest first as given.
    static func bars(_ items: [(label: String, value: Int64, text: String)]) -> String {
        let width = 720
        let row = 26
        let labelWidth = 170
        let height = max(1, items.count) * row + 8
        let plot = Double(width - labelWidth - 110)
        let peak = Double(max(1, items.map(\.value).max() ?? 1))
        var svg = Self.open(width, height, title: "bars")
        for (index, item) in items.enumerated() {
            let y = 4 + index * row
            let barWidth = max(1, plot * Double(item.value) / peak)
            svg += "<text x=\"4\" y=\"\(y + 17)\">\(escape(Self.clip(item.label, 12)))</text>"
            svg +=
                "<rect class=\"bar\" x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(f(barWidth))\" height=\"\(row - 8)\"/>"
            svg += "<text x=\"\(f(Double(labelWidth) + barWidth + 6))\" y=\"\(y + 17)\">\(escape(item.text))</text>"
        }
        return svg + "</svg>"
    }

    /// Who introduced whom: a column per generation (introducers who were introduced by no one first), a line
    /// from each introducer to each enterprise it introduced.
    static func referrals(nodes: [(id: String, name: String, depth: Int)], edges: [(from: String, to: String)])
        -> String
    {
        let columnWidth = 250
        let row = 24
        let depths = (nodes.map(\.depth).max() ?? 0) + 1
        var positions: [String: (x: Int, y: Int)] = [:]
        var counts = [Int](repeating: 0, count: depths)
        for node in nodes {
            positions[node.id] = (10 + node.depth * (columnWidth + 60), 14 + counts[node.depth] * row)
            counts[node.depth] += 1
        }
        let width = depths * (columnWidth + 60)
        let height = (counts.max() ?? 1) * row + 20
        var svg = Self.open(width, height, title: "referrals")
        for edge in edges {
            guard let from = positions[edge.from], let to = positions[edge.to] else { continue }
            svg += "<path class=\"edge\" d=\"M\(from.x + columnWidth - 10) \(from.y + 8) "
            svg += "C\(from.x + columnWidth + 30) \(from.y + 8) \(to.x - 40) \(to.y + 8) \(to.x - 4) \(to.y + 8)\"/>"
        }
        for node in nodes {
            guard let at = positions[node.id] else { continue }
            svg += "<circle class=\"node\" cx=\"\(at.x)\" cy=\"\(at.y + 8)\" r=\"4\"/>"
            svg += "<text x=\"\(at.x + 8)\" y=\"\(at.y + 12)\">\(escape(Self.clip(node.name, 16)))</text>"
        }
        return svg + "</svg>"
    }

    /// At most `count` characters, with an ellipsis when cut.
    static func clip(_ text: String, _ count: Int) -> String {
        text.count <= count ? text : String(text.prefix(count - 1)) + "…"
    }
}
