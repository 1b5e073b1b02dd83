#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

// The closed vocabularies of the world: event types, devices, channels, cohorts. Each
// enum has a names table in the same order; the names are what every output format
// writes. Personas are not here: they are scenario data.
namespace ecomsim {

#define ECOMSIM_ENUM_NAMES(Enum, ...)                                                \
  inline constexpr std::string_view k##Enum##Names[] = {__VA_ARGS__};                \
  inline constexpr int k##Enum##Count = static_cast<int>(std::size(k##Enum##Names)); \
  inline std::string_view Name(Enum v) { return k##Enum##Names[static_cast<int>(v)]; }

enum class EventType : uint8_t {
  kSessionStart,
  kPageView,
  kSearch,
  kProductView,
  kScroll,
  kAddToCart,
  kRemoveFromCart,
  kCheckoutInitiated,
  kPurchase,
  kSessionEnd,
};
ECOMSIM_ENUM_NAMES(EventType, "session_start", "page_view", "search", "product_view", "scroll",
                   "add_to_cart", "remove_from_cart", "checkout_initiated", "purchase",
                   "session_end")

enum class Device : uint8_t { kMobile, kDesktop, kTablet };
ECOMSIM_ENUM_NAMES(Device, "mobile", "desktop", "tablet")

enum class Os : uint8_t { kIos, kAndroid, kWindows, kMacos, kLinux, kIpados, kChromeos };
ECOMSIM_ENUM_NAMES(Os, "ios", "android", "windows", "macos", "linux", "ipados", "chromeos")

enum class Browser : uint8_t { kChrome, kSafari, kFirefox, kEdge, kSamsungInternet, kApp };
ECOMSIM_ENUM_NAMES(Browser, "chrome", "safari", "firefox", "edge", "samsung_internet", "app")

// Where the session happens: the desktop site, the mobile site or the native app.
enum class Channel : uint8_t { kWeb, kMobileWeb, kApp };
ECOMSIM_ENUM_NAMES(Channel, "web", "mobile_web", "app")

enum class TrafficSource : uint8_t {
  kDirect,
  kOrganicSearch,
  kPaidSearch,
  kSocial,
  kEmail,
  kReferral,
  kAffiliate,
};
ECOMSIM_ENUM_NAMES(TrafficSource, "direct", "organic_search", "paid_search", "social", "email",
                   "referral", "affiliate")

enum class AcquisitionChannel : uint8_t {
  kOrganic,
  kPaidSearch,
  kPaidSocial,
  kInfluencer,
  kReferral,
  kDirect,
  kEmail,
  kAffiliate,
};
ECOMSIM_ENUM_NAMES(AcquisitionChannel, "organic", "paid_search", "paid_social", "influencer",
                   "referral", "direct", "email", "affiliate")

enum class Generation : uint8_t { kGenZ, kMillennial, kGenX, kBoomer };
ECOMSIM_ENUM_NAMES(Generation, "gen_z", "millennial", "gen_x", "boomer")

enum class UserType : uint8_t { kNew, kRegular, kVip };
ECOMSIM_ENUM_NAMES(UserType, "new", "regular", "vip")

enum class Segment : uint8_t { kBronze, kSilver, kGold, kPlatinum };
ECOMSIM_ENUM_NAMES(Segment, "bronze", "silver", "gold", "platinum")

// Why a session happened: an ordinary visit from the arrival process, a return prompted
// by an abandoned-cart reminder, or an account takeover by a fraudster (ground truth).
enum class SessionOrigin : uint8_t { kVisit, kCartReminder, kAccountTakeover };
ECOMSIM_ENUM_NAMES(SessionOrigin, "visit", "cart_reminder", "account_takeover")

enum class CampaignChannel : uint8_t {
  kEmail,
  kPaidSocial,
  kPaidSearch,
  kInfluencer,
  kAffiliate,
  kDisplay
};
ECOMSIM_ENUM_NAMES(CampaignChannel, "email", "paid_social", "paid_search", "influencer",
                   "affiliate", "display")

enum class OrderStatus : uint8_t { kCompleted, kShipped, kPending, kCancelled, kRefunded, kFailed };
ECOMSIM_ENUM_NAMES(OrderStatus, "completed", "shipped", "pending", "cancelled", "refunded",
                   "failed")

enum class PaymentMethod : uint8_t {
  kCard,
  kPaypal,
  kApplePay,
  kGooglePay,
  kBnpl,
  kUpi,
  kBankTransfer,
  kCod,
};
ECOMSIM_ENUM_NAMES(PaymentMethod, "card", "paypal", "apple_pay", "google_pay", "bnpl", "upi",
                   "bank_transfer", "cod")

// succeeded and refunded attempts took the money; declined (by the bank or the fraud
// check) and failed (a technical error) did not.
enum class PaymentStatus : uint8_t { kSucceeded, kDeclined, kFailed, kRefunded };
ECOMSIM_ENUM_NAMES(PaymentStatus, "succeeded", "declined", "failed", "refunded")

enum class FailureReason : uint8_t {
  kInsufficientFunds,
  kCardDeclined,
  kExpiredCard,
  kIncorrectCvv,
  kAuthenticationFailed,
  kGatewayTimeout,
  kFraudSuspected,
};
ECOMSIM_ENUM_NAMES(FailureReason, "insufficient_funds", "card_declined", "expired_card",
                   "incorrect_cvv", "authentication_failed", "gateway_timeout", "fraud_suspected")

enum class FraudType : uint8_t {
  kVelocityBurst,
  kImpossibleTravel,
  kAmountOutlier,
  kOddHour,
  kNewDevice,
  kUnusualCategory,
};
ECOMSIM_ENUM_NAMES(FraudType, "velocity_burst", "impossible_travel", "amount_outlier", "odd_hour",
                   "new_device", "unusual_category")

enum class Carrier : uint8_t {
  kUps,
  kFedex,
  kUsps,
  kDhl,
  kRoyalMail,
  kLaPoste,
  kJapanPost,
  kSfExpress,
  kLocalCourier
};
ECOMSIM_ENUM_NAMES(Carrier, "ups", "fedex", "usps", "dhl", "royal_mail", "la_poste", "japan_post",
                   "sf_express", "local_courier")

enum class ReturnReason : uint8_t {
  kWrongSize,
  kDefective,
  kNotAsDescribed,
  kChangedMind,
  kDamagedInTransit,
  kLateDelivery,
  kBetterPrice,
};
ECOMSIM_ENUM_NAMES(ReturnReason, "wrong_size", "defective", "not_as_described", "changed_mind",
                   "damaged_in_transit", "late_delivery", "better_price")

enum class ReturnStatus : uint8_t { kRequested, kApproved, kRefunded, kRejected };
ECOMSIM_ENUM_NAMES(ReturnStatus, "requested", "approved", "refunded", "rejected")

enum class TicketChannel : uint8_t { kEmail, kChat, kPhone, kWhatsapp, kSocial };
ECOMSIM_ENUM_NAMES(TicketChannel, "email", "chat", "phone", "whatsapp", "social")

enum class TicketCategory : uint8_t {
  kDelivery,
  kPayment,
  kReturn,
  kProduct,
  kAccount,
  kOrderChange,
  kRestock
};
ECOMSIM_ENUM_NAMES(TicketCategory, "delivery", "payment", "return", "product", "account",
                   "order_change", "restock")

enum class TicketPriority : uint8_t { kLow, kMedium, kHigh, kUrgent };
ECOMSIM_ENUM_NAMES(TicketPriority, "low", "medium", "high", "urgent")

// How far the visitor got: items in the cart, the checkout page, or a failed payment.
enum class CartStage : uint8_t { kCart, kCheckout, kPayment };
ECOMSIM_ENUM_NAMES(CartStage, "cart", "checkout", "payment")

enum class AbandonReason : uint8_t {
  kJustBrowsing,
  kPriceTooHigh,
  kShippingCost,
  kComparisonShopping,
  kDistracted,
  kSavedForLater,
  kPaymentFailed,
  kOutOfStock,
};
ECOMSIM_ENUM_NAMES(AbandonReason, "just_browsing", "price_too_high", "shipping_cost",
                   "comparison_shopping", "distracted", "saved_for_later", "payment_failed",
                   "out_of_stock")

enum class UpdateChange : uint8_t { kPrice, kDiscount, kStock };
ECOMSIM_ENUM_NAMES(UpdateChange, "price", "discount", "stock")

enum class UpdateCause : uint8_t { kRepricing, kPromotionStart, kPromotionEnd, kSales, kRestock };
ECOMSIM_ENUM_NAMES(UpdateCause, "repricing", "promotion_start", "promotion_end", "sales", "restock")

#undef ECOMSIM_ENUM_NAMES

}  // namespace ecomsim
