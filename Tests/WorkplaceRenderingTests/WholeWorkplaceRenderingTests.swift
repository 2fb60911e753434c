import Foundation
import Testing
import WorkplaceAnalytics
import WorkplaceModel

@testable import WorkplaceRendering

/// The overall and blocks parts in the formats checked from Swift; the real readers check the rest
/// (Tests/interop/test_whole_workplace.py).
@Suite struct WholeWorkplaceRenderingTests {
    @Test func jsonHasNullPartsWithoutTheDatasets() throws {
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(ReportJSON.render(WorkbookSamples.october())))
                as? [String: Any])
        for key in ["overall", "blocks", "top_blocks"] {
            #expect(object[key] is NSNull, "\(key) must be null without its dataset")
        }
    }

    @Test func reportWithoutTheDatasetsRendersAsBefore() throws {
        // makeReport(data:) with the custom dataset only is the custom report, byte for byte.
        let renderer = try TemplateRenderer(overrideDirectory: nil)
        var data = WholeWorkplaceSample.data()
        data.overall = nil
        data.blocks = nil
        let period = try #require(ReportPeriod.month(year: 2026, month: 10))
        let options = ReportOptions(generatedAt: WorkbookSamples.generatedAt)
        let viaData = Aggregation.makeReport(data: data, period: period, options: options)
        let viaDataset = Aggregation.makeReport(dataset: try #require(data.custom), period: period, options: options)
        #expect(try renderer.html(viaData) == renderer.html(viaDataset))
        #expect(try renderer.markdown(viaData) == renderer.markdown(viaDataset))
        #expect(try renderer.mailHTML(viaData) == renderer.mailHTML(viaDataset))
        #expect(ReportCard.render(viaData) == ReportCard.render(viaDataset))
        #expect(ReportJSON.render(viaData) == ReportJSON.render(viaDataset))
        let html = try renderer.html(viaData)
        #expect(!html.contains(WholeWorkplaceWords.en.overallTitle))
    }

    @Test func workbookGainsOverviewAndBlocksSheetsInBothMemoryModes() throws {
        let dir = try workbookScratch()
        for memory in [WorkbookOptions.Memory.inMemory, .constant] {
            let url = dir.appendingPathComponent("w-\(memory).xlsx")
            try WorkbookRenderer.write(
                WholeWorkplaceSample.report(), to: url, options: WorkbookOptions(memory: memory))
            #expect(
                try WorkbookZip.sheetNames(of: url) == [
                    "Summary", "Overview", "Workplaces", "Blocks", "Daily", "Weekly", "Monthly", "About",
                ])
            let charts = try WorkbookZip.parts(of: url).filter { $0.hasPrefix("xl/charts/chart") }
            #expect(charts.count == 3, "Summary's two charts and the Overview's line chart")
        }
    }

    @Test func cardShowsTheOverallKPIsWithinItsLimits() throws {
        let report = WholeWorkplaceSample.report(top: 10)
        let bytes = ReportCard.render(report)
        #expect(bytes.count < ReportCard.maximumWebhookBytes)
        #expect(ReportCard.componentCount(report) <= ReportCard.maximumComponents)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(WholeWorkplaceWords.en.allPV) && text.contains(WholeWorkplaceWords.en.avgDailyUsers))
    }
}
