// FeishuSimulator
