#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

// The closed vocabularies of the world: event types, devices, channels, cohorts. Each
// enum has a names table in the same order; the names are what every output format
// writes. Personas are not here: they are scenario data.
namespace ecomsim {

#define ECOMSIM_ENUM_NAMES(Enum, ...)                                               \
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

#undef ECOMSIM_ENUM_NAMES

}  // namespace ecomsim
